import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium } from '../../infra/local/chromium.ts';

interface Storage {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
}

export const SCREENSHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;

/** Debian's chromium through playwright-core (infra/local/chromium.ts). */
export const launchBrowser = launchChromium;

/** A phone-sized page (390 × 844, 2×), Chinese locale; page errors fail the test that reads them. */
export async function phone(
  browser: Browser,
  signedIn?: { token: string; expiresAt: string; user: { userId: string; name: string; role: string } },
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    hasTouch: false,
  });
  if (signedIn) {
    await context.addInitScript((s) => {
      const store = (globalThis as unknown as { localStorage: Storage }).localStorage;
      if (!store.getItem('tickets.auth')) store.setItem('tickets.auth', s);
    }, JSON.stringify(signedIn));
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, context, errors };
}

export const appUrl = (path = '/'): string => `${inject('apiUrl')}${path}`;

/** Saves a screenshot under test-output/screenshots/<name>.png (looked at by people, kept by CI). */
export async function shot(page: Page, name: string): Promise<void> {
  if (!existsSync(SCREENSHOTS)) mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

/** What the web app's seat map exposes to tests and the bench (web/src/seatmap/renderer.ts). */
export interface SeatMapProbe {
  perf: { firstDrawMs?: number; paintMs?: number; frameMs: number[] };
  seatPoint(seatId: string): { x: number; y: number } | undefined;
  seatStatus(seatId: string): string | undefined;
  panBy(dx: number, dy: number): void;
  zoomAt(factor: number, x: number, y: number): void;
}

/** Waits for the seat map's first frame, then clicks a seat where it is drawn. */
export async function clickSeat(page: Page, seatId: string): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as { __seatMap?: SeatMapProbe }).__seatMap?.perf.firstDrawMs !== undefined,
  );
  const canvas = page.getByTestId('seatmap');
  const box = await canvas.boundingBox();
  const point = await page.evaluate(
    (id) => (globalThis as unknown as { __seatMap?: SeatMapProbe }).__seatMap?.seatPoint(id),
    seatId,
  );
  if (!box || !point) throw new Error(`seat ${seatId} is not on the map`);
  await page.mouse.click(box.x + point.x, box.y + point.y);
}

export function seatStatus(page: Page, seatId: string): Promise<string | undefined> {
  return page.evaluate(
    (id) => (globalThis as unknown as { __seatMap?: SeatMapProbe }).__seatMap?.seatStatus(id),
    seatId,
  );
}
