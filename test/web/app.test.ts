import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBuyers, adminToken, newUser, openSmallProgram, pollUntil, stats } from '../support/api.ts';
import { appUrl, clickSeat, launchBrowser, phone, seatStatus, shot } from '../support/browser.ts';
import { signIn, typedApi } from '../support/typed-api.ts';

/**
 * The reference web app (web/) in a real browser (Debian's chromium via playwright-core)
 * against the local runtime: the journeys the issue names, each ending in what the API says.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const unique = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;

/** A user with `buyers` ticket buyers, signed in (what the app keeps in localStorage). */
async function buyer(buyers = 1) {
  const user = await newUser();
  await addBuyers(user.token, buyers);
  return { ...user, session: await signIn({ mobile: user.mobile }, 'password-123') };
}

describe('web app', () => {
  it('a buyer logs in, finds the show, picks a seat on the map, holds, orders, pays and gets a QR ticket', async () => {
    const title = unique('网页购票');
    const { sessionId } = await openSmallProgram({
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    // The program's title is the search term (the small program's default title is shared).
    const programId = (
      await typedApi(await adminToken()).GET('/v1/sessions/{sessionId}', {
        params: { path: { sessionId } },
      })
    ).data!.programId;
    await typedApi(await adminToken()).PATCH('/v1/admin/programs/{programId}', {
      params: { path: { programId } },
      body: { title },
    });
    const user = await newUser();
    await addBuyers(user.token, 1);
    const { page, errors } = await phone(browser);

    await page.goto(appUrl('/login'));
    await page.getByPlaceholder('13800000000').fill(user.mobile);
    await page.locator('input[type=password]').first().fill('password-123');
    await page.getByRole('button', { name: '登录' }).last().click();
    await page.waitForURL(appUrl('/'));

    await page.getByPlaceholder('搜索演出、艺人、场馆').fill(title);
    await page.getByPlaceholder('搜索演出、艺人、场馆').press('Enter');
    await page.getByText(title).first().click();
    await page.getByTestId('session-card').first().waitFor();
    await shot(page, '02-program');
    await page.getByRole('button', { name: '选座购买' }).click();

    await clickSeat(page, '2-1-4');
    await page.getByTestId('buyer').first().click();
    await shot(page, '03-seat-picked');
    await page.getByTestId('hold-button').click();
    await page.getByTestId('hold').waitFor();
    await expect.poll(() => page.getByTestId('countdown').textContent()).toMatch(/^\d\d:\d\d$/);
    await shot(page, '04-hold-countdown');

    await page.getByTestId('order').click();
    await page.waitForURL(/\/orders\/\d+$/);
    await expect
      .poll(() => page.getByTestId('order-status').textContent(), { timeout: 10_000 })
      .toBe('待支付');
    await shot(page, '05-order-to-pay');
    await page.getByTestId('pay-sandbox').click();
    await expect
      .poll(() => page.getByTestId('order-status').textContent(), { timeout: 15_000 })
      .toBe('已出票');
    await page.getByTestId('ticket').first().waitFor();
    await shot(page, '06-tickets');

    const orderNumber = page.url().split('/').pop()!;
    const order = await pollUntil(user.token, orderNumber, 'TICKETED');
    expect(order.status).toBe('TICKETED');
    expect((await stats(sessionId)).sold).toBe(1);
    // The QR shown is an image of the ticket's payload.
    const src = await page.getByTestId('ticket').locator('img').getAttribute('src');
    expect(src).toMatch(/^data:image\/svg\+xml/);
    expect(errors).toEqual([]);
  });

  it('two buyers race for one seat: exactly one holds it, the other is told in words and sees it taken', async () => {
    const { sessionId } = await openSmallProgram();
    const [a, b] = await Promise.all([buyer(), buyer()]);
    const pages = await Promise.all([phone(browser, a.session), phone(browser, b.session)]);
    for (const { page } of pages) {
      await page.goto(appUrl(`/sessions/${sessionId}`));
      await clickSeat(page, '1-2-5');
      await page.getByTestId('buyer').first().click();
    }
    await Promise.all(pages.map(({ page }) => page.getByTestId('hold-button').click()));
    const outcome = await Promise.all(
      pages.map(({ page }) =>
        Promise.race([
          page
            .getByTestId('hold')
            .waitFor()
            .then(() => 'won' as const),
          page
            .getByTestId('hold-error')
            .waitFor()
            .then(async () => {
              await shot(page, '07-race-lost');
              return page.getByTestId('hold-error').textContent({ timeout: 1000 });
            }),
        ]),
      ),
    );
    expect(outcome.filter((o) => o === 'won')).toHaveLength(1);
    const lost = outcome.findIndex((o) => o !== 'won');
    expect(outcome[lost]).toContain('手慢了');
    const loser = pages[lost]!.page;
    // The loser's map was refreshed: the seat now shows as held.
    await expect.poll(() => seatStatus(loser, '1-2-5')).toBe('1');
    const s = await stats(sessionId);
    expect(s.held).toBe(1);
    for (const p of pages) expect(p.errors).toEqual([]);
  });

  it('an organiser creates a program, opens its session, and a buyer then sees it on sale', async () => {
    const title = unique('网页新建');
    const admin = await signIn({ email: 'admin@example.com' }, 'admin-password');
    const { page, errors } = await phone(browser, admin);
    await page.goto(appUrl('/admin/new'));
    await page.locator('[data-testid=field-title] input').fill(title);
    await page.locator('[data-testid=field-actor] input').fill('测试艺人');
    await page.locator('[data-testid=field-city] input').fill('杭州');
    await page.locator('[data-testid=field-venue] input').fill('测试体育馆');
    await page.getByText('话剧歌剧').first().click();
    await shot(page, '08-admin-create');
    await page.getByTestId('create-program').click();
    await page.waitForURL(/\/admin\/programs\/\w+$/);
    const programId = page.url().split('/').pop()!;
    await page.getByPlaceholder('优惠码，如 SPRING10').fill('WEB10');
    await page.getByRole('button', { name: '创建优惠码' }).click();
    await page.getByText('WEB10').waitFor();
    const vouchers = await typedApi(admin.token).GET('/v1/admin/programs/{programId}/vouchers', {
      params: { path: { programId } },
    });
    expect(vouchers.data?.items.map((v) => [v.code, v.kind, v.value])).toEqual([['WEB10', 'PERCENT', 10]]);
    await page.getByTestId('admin-session').first().click();
    await page.getByTestId('open-sale').click();
    await expect
      .poll(() => page.getByTestId('admin-status').textContent(), { timeout: 10_000 })
      .toBe('售票中');
    await expect.poll(() => page.getByTestId('stat-available').textContent()).toBe('200');
    await shot(page, '09-admin-stats');
    const sessionId = page.url().split('/').pop()!;

    const visitor = await phone(browser);
    await visitor.page.goto(appUrl('/'));
    await visitor.page.getByPlaceholder('搜索演出、艺人、场馆').fill(title);
    await visitor.page.getByPlaceholder('搜索演出、艺人、场馆').press('Enter');
    await visitor.page.getByText(title).first().click();
    await visitor.page.getByRole('button', { name: '选座购买' }).waitFor();
    await shot(visitor.page, '10-buyer-sees-new-show');
    const session = await typedApi().GET('/v1/sessions/{sessionId}', { params: { path: { sessionId } } });
    expect(session.data?.status).toBe('ON_SALE');
    expect(session.data?.title).toBe(title);
    expect([...errors, ...visitor.errors]).toEqual([]);
  });

  it('the gate checks a ticket in once and refuses it the second time, in large clear words', async () => {
    const { sessionId } = await openSmallProgram({
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const user = await newUser();
    const [buyerId] = await addBuyers(user.token, 1);
    const api = typedApi(user.token);
    const hold = await api.POST('/v1/sessions/{sessionId}/holds', {
      params: { path: { sessionId } },
      body: { seatIds: ['1-1-1'], buyerIds: [buyerId!] },
    });
    const accepted = await api.POST('/v1/orders', {
      params: { header: { 'idempotency-key': unique('gate') } },
      body: { holdId: hold.data!.holdId },
    });
    const orderNumber = accepted.data!.orderNumber;
    await pollUntil(user.token, orderNumber, 'PENDING_PAYMENT');
    const payment = await api.POST('/v1/orders/{orderNumber}/payments', {
      params: { path: { orderNumber }, header: { 'idempotency-key': unique('pay') } },
      body: { channel: 'sandbox' },
    });
    await fetch(payment.data!.payUrl, { method: 'POST' });
    await pollUntil(user.token, orderNumber, 'TICKETED');
    const tickets = await api.GET('/v1/orders/{orderNumber}/tickets', { params: { path: { orderNumber } } });
    const payload = tickets.data!.items[0]!.qrPayload;

    const staff = await signIn({ email: 'staff@example.com' }, 'staff-password');
    const { page, errors } = await phone(browser, staff);
    await page.goto(appUrl('/gate'));
    await page.getByPlaceholder('或直接输入场次 ID').fill(sessionId);
    await page.getByPlaceholder('或直接输入场次 ID').press('Enter');
    await page.getByTestId('gate-payload').locator('textarea').fill(payload);
    await page.getByTestId('gate-check').click();
    await expect.poll(() => page.getByTestId('gate-verdict').textContent()).toContain('验票通过');
    await shot(page, '11-gate-ok');
    await page.getByTestId('gate-payload').locator('textarea').fill(payload);
    await page.getByTestId('gate-check').click();
    await expect.poll(() => page.getByTestId('gate-verdict').textContent()).toContain('已检过');
    await shot(page, '12-gate-used');
    const after = await api.GET('/v1/orders/{orderNumber}/tickets', { params: { path: { orderNumber } } });
    expect(after.data!.items[0]!.status).toBe('USED');
    expect(errors).toEqual([]);
  });

  it('the 100,000-seat stadium: drawn whole, zoomed to one seat, picked; "best 2 together" holds two adjacent seats', async () => {
    const listing = await typedApi().GET('/v1/programs', { params: { query: { q: '周杰伦', limit: 5 } } });
    const program = await typedApi().GET('/v1/programs/{programId}', {
      params: { path: { programId: listing.data!.items[0]!.programId } },
    });
    const sessionId = program.data!.sessions[0]!.sessionId;
    const user = await buyer(2);
    const { page, errors } = await phone(browser, user.session);
    await page.goto(appUrl(`/sessions/${sessionId}`));
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { __seatMap?: { perf: { firstDrawMs?: number } } }).__seatMap?.perf
          .firstDrawMs,
    );
    await shot(page, '01-stadium-map');
    // Zoom in on one seat (the wheel, at the seat), until seats are drawn one by one, then tap it.
    const box = (await page.getByTestId('seatmap').boundingBox())!;
    const seatPoint = (id: string) =>
      page.evaluate(
        (s) =>
          (
            globalThis as unknown as { __seatMap: { seatPoint(x: string): { x: number; y: number } } }
          ).__seatMap.seatPoint(s),
        id,
      );
    for (let i = 0; i < 4; i++) {
      const p = await seatPoint('10-25-50');
      await page.mouse.move(box.x + p.x, box.y + p.y);
      await page.mouse.wheel(0, -700);
      await page.waitForTimeout(50);
    }
    await clickSeat(page, '10-25-50');
    await expect.poll(() => page.getByText('已选：10-25-50').count()).toBe(1);
    await shot(page, '01b-stadium-zoomed');
    // Best available: two together in the cheapest tier.
    await page.getByRole('tab', { name: '智能选座' }).click();
    await page.getByRole('button', { name: '看台480', exact: true }).click();
    for (const b of await page.getByTestId('buyer').all()) await b.click();
    await page.getByTestId('hold-button').click();
    await page.getByTestId('hold').waitFor();
    // Two seats of the tier, side by side in one row ("<section> <row>排<col>座 · <tier> ¥…").
    const lines = await page.getByTestId('hold').locator('.muted').allTextContents();
    const seats = lines
      .map((t) => /^(\S+) (\d+)排(\d+)座 · (\S+)/.exec(t))
      .filter((m) => m !== null)
      .map((m) => ({ section: m[1], row: Number(m[2]), col: Number(m[3]), tier: m[4] }));
    expect(seats).toHaveLength(2);
    expect(seats.map((x) => x.tier)).toEqual(['看台480', '看台480']);
    expect(seats[0]!.section).toBe(seats[1]!.section);
    expect(seats[0]!.row).toBe(seats[1]!.row);
    expect(Math.abs(seats[0]!.col - seats[1]!.col)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('a gated session sends the buyer through the waiting room, then lets them hold', async () => {
    const { sessionId, programId } = await openSmallProgram();
    const room = await typedApi(await adminToken()).PUT('/v1/admin/sessions/{sessionId}/queue', {
      params: { path: { sessionId } },
      body: { enabled: true, admitPerMinute: 6 },
    });
    expect(room.error).toBeUndefined();
    const detail = await typedApi().GET('/v1/programs/{programId}', { params: { path: { programId } } });
    expect(detail.data?.sessions[0]?.waitingRoom).toBe(true);
    // Someone joined first and took the slot of this moment: one admission every 10 s.
    const first = await newUser();
    await typedApi(first.token).POST('/v1/sessions/{sessionId}/queue', { params: { path: { sessionId } } });
    const user = await buyer(1);
    const { page, errors } = await phone(browser, user.session);
    await page.goto(appUrl(`/sessions/${sessionId}`));
    await page.getByTestId('queue-position').waitFor();
    expect(Number(await page.getByTestId('queue-position').textContent())).toBeGreaterThanOrEqual(2);
    await shot(page, '13-waiting-room');
    // Admitted: the room gives way to the seat picker, and a hold goes through with the token.
    await page.getByTestId('hold-button').waitFor({ timeout: 45_000 });
    await clickSeat(page, '2-3-8');
    await page.getByTestId('buyer').first().click();
    await page.getByTestId('hold-button').click();
    await page.getByTestId('hold').waitFor();
    expect((await stats(sessionId)).held).toBe(1);
    expect(errors).toEqual([]);
  });

  it('a cancelled show reads 已取消 on its program page, with no seats left to count and nothing to buy', async () => {
    const { programId, sessionId } = await openSmallProgram();
    const admin = typedApi(await adminToken());
    const cancelled = await admin.POST('/v1/admin/sessions/{sessionId}/cancel', {
      params: { path: { sessionId } },
      body: { reason: '场馆检修' },
    });
    expect(cancelled.error).toBeUndefined();
    const { page, errors } = await phone(browser);
    await page.goto(appUrl(`/programs/${programId}`));
    const card = page.getByTestId('session-card').first();
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toMatch(/^CANCELL(ING|ED)$/);
    expect(await card.getByTestId('session-status').textContent()).toBe('已取消');
    expect(await card.getByTestId('session-note').textContent()).toContain('已取消');
    // No live counts ("余 n" / "已售罄") and no button to buy or look at seats.
    expect(await card.textContent()).not.toMatch(/余 \d|已售罄/);
    expect(await card.getByRole('button').count()).toBe(0);
    await shot(page, '14-cancelled-show');
    expect(errors).toEqual([]);
  });
});
