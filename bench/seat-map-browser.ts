import { apiClient } from '#shared/api/client.ts';
import { launchChromium } from '../infra/local/chromium.ts';
import { percentile } from './stats.ts';

/**
 * The web app's seat map in Debian's chromium (playwright-core): time to first draw from the
 * navigation (JavaScript, the session and the map fetched, the bitmap painted, the first
 * frame), and the cost of each frame while a finger-like drag pans the map. The same for a
 * 1,000-seat theatre measured in the same run is the baseline (a noisy shared machine).
 */
export interface SeatMapFigures {
  seats: number;
  firstDrawMs: number;
  paintMs: number;
  panFrameP95Ms: number;
  panFrameMaxMs: number;
  panIntervalP95Ms: number;
  frames: number;
}

/** A program with one session of `sections` × 50 rows × 100 seats, opened; some seats held. */
export async function seatMapSession(
  base: string,
  admin: { email: string; password: string },
  sections: number,
) {
  const anon = apiClient(base);
  const login = await anon.POST('/v1/auth/login', { body: admin });
  const token = login.data!.token;
  const api = apiClient(base, { token: () => token });
  const tiers = ['A', 'B', 'C', 'D'];
  const created = await api.POST('/v1/admin/programs', {
    body: {
      title: `基准座位图 ${sections * 5000}`,
      actor: 'bench',
      city: '上海',
      venue: '基准体育场',
      categoryId: 'concert',
      sessions: [
        {
          startsAt: '2030-01-01T12:00:00Z',
          saleOpensAt: '2020-01-01T00:00:00Z',
          maxPerOrder: 6,
          tiers: tiers.map((tierId, i) => ({
            tierId,
            name: tierId,
            priceCents: 10_000 * (i + 1),
            perUserLimit: 6,
          })),
          layout: {
            sections: Array.from({ length: sections }, (_, i) => ({
              name: `${i + 1}区`,
              tierId: tiers[Math.min(3, Math.floor((i * 4) / sections))]!,
              rows: sections === 1 ? 10 : 50,
              seatsPerRow: 100,
            })),
          },
        },
      ],
    },
  });
  if (!created.data) throw new Error(`bench program: ${JSON.stringify(created.error)}`);
  const sessionId = created.data.sessions[0]!.sessionId;
  const opened = await api.POST('/v1/admin/sessions/{sessionId}/open', { params: { path: { sessionId } } });
  if (!opened.data) throw new Error(`bench open: ${JSON.stringify(opened.error)}`);
  return sessionId;
}

export async function measureSeatMap(
  base: string,
  sessionId: string,
  seats: number,
): Promise<SeatMapFigures> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    type Probe = { perf: { firstDrawMs?: number; paintMs?: number; frameMs: number[] } };
    await page.goto(`${base}/sessions/${sessionId}`);
    await page.waitForFunction(
      () => (globalThis as unknown as { __seatMap?: Probe }).__seatMap?.perf.firstDrawMs !== undefined,
      undefined,
      { timeout: 60_000 },
    );
    const first = await page.evaluate(() => {
      const p = (globalThis as unknown as { __seatMap?: Probe }).__seatMap!.perf;
      return { firstDrawMs: p.firstDrawMs!, paintMs: p.paintMs ?? 0 };
    });
    // Zoom in two steps (seats become individually visible), then drag across the map.
    const box = (await page.getByTestId('seatmap').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(200);
    await page.evaluate(() => {
      (globalThis as unknown as { __seatMap?: Probe }).__seatMap!.perf.frameMs.length = 0;
    });
    // Frame intervals, as the page sees them (requestAnimationFrame timestamps). A string:
    // tsx names inner functions with a helper the page does not have.
    await page.evaluate(`(() => {
      window.__intervals = [];
      let last = 0;
      const tick = (t) => {
        if (last) window.__intervals.push(t - last);
        last = t;
        if (window.__intervals.length < 100000) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    // Two drags: at the overview zoom (the painted bitmap scaled) and close enough to see each
    // seat with its number (the visible seats drawn one by one).
    for (const zoom of [0, -1800]) {
      if (zoom) await page.mouse.wheel(0, zoom);
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; i < 120; i++) {
        const a = (i / 120) * Math.PI * 2;
        await page.mouse.move(cx + Math.cos(a) * 140, cy + Math.sin(a) * 200, { steps: 1 });
      }
      await page.mouse.up();
    }
    await page.waitForTimeout(100);
    const { frames, intervals } = await page.evaluate(() => {
      const g = globalThis as unknown as { __intervals: number[]; __seatMap?: Probe };
      return { frames: [...g.__seatMap!.perf.frameMs], intervals: [...g.__intervals] };
    });
    const sorted = [...frames].sort((a, b) => a - b);
    return {
      seats,
      firstDrawMs: Math.round(first.firstDrawMs),
      paintMs: Number(first.paintMs.toFixed(1)),
      panFrameP95Ms: Number(percentile(sorted, 95).toFixed(2)),
      panFrameMaxMs: Number((sorted.at(-1) ?? 0).toFixed(2)),
      panIntervalP95Ms: Number(
        percentile(
          [...intervals].sort((a, b) => a - b),
          95,
        ).toFixed(1),
      ),
      frames: frames.length,
    };
  } finally {
    await browser.close();
  }
}
