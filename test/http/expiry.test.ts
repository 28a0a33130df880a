import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBuyers, call, newUser, openSmallSession, stats, useApi } from '../support/api.ts';
import { GENEROUS_LIMITS, type RuntimeChild, spawnRuntime } from '../support/runtime-child.ts';

let runtime: RuntimeChild;

beforeAll(async () => {
  // A runtime of its own, as a user would start it: HOLD_TTL_SECONDS=3, no demo data.
  runtime = await spawnRuntime({
    HOLD_TTL_SECONDS: '3',
    DEMO_DATA: '0',
    SWEEP_INTERVAL_SECONDS: '60',
    ...GENEROUS_LIMITS,
  });
  useApi(runtime.url);
});
afterAll(() => runtime?.stop());

describe('hold expiry with a short hold lifetime', () => {
  it('expires an unpaid order: EXPIRED, seats back on sale, and a late payment is refunded', async () => {
    const sessionId = await openSmallSession();
    const user = await newUser();
    const buyers = await addBuyers(user.token, 1);
    const placed = await call<{ orderNumber: string }>('POST', '/v1/orders', {
      token: user.token,
      body: { sessionId, seatIds: ['2-1-1'], buyerIds: buyers },
      headers: { 'idempotency-key': 'expiring' },
    });
    expect(placed.status).toBe(202);
    const orderPath = `/v1/orders/${placed.body.orderNumber}`;
    let status = '';
    for (let i = 0; i < 100 && status !== 'PENDING_PAYMENT'; i++) {
      status = (await call<{ status: string }>('GET', orderPath, { token: user.token })).body.status;
      await new Promise((r) => setTimeout(r, 20));
    }
    const payment = await call<{ paymentId: string }>('POST', `${orderPath}/payments`, {
      token: user.token,
      body: { channel: 'sandbox' },
      headers: { 'idempotency-key': 'late-pay' },
    });
    expect(payment.status).toBe(201);
    const deadline = Date.now() + 10_000;
    while (
      (await call<{ status: string }>('GET', orderPath, { token: user.token })).body.status !== 'EXPIRED' &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await call<{ status: string }>('GET', orderPath, { token: user.token })).body.status).toBe(
      'EXPIRED',
    );
    expect(await stats(sessionId)).toMatchObject({ held: 0, sold: 0 });
    // The customer pays anyway, after the expiry: the money goes back, the order ends REFUNDED.
    await fetch(`${runtime.url}/sandbox/pay/${payment.body.paymentId}`, { method: 'POST' });
    expect((await call<{ status: string }>('GET', orderPath, { token: user.token })).body.status).toBe(
      'REFUNDED',
    );
    expect(await stats(sessionId)).toMatchObject({ held: 0, sold: 0 });
  });

  it('releases a hold at expiry through the scheduler: seats back on sale, hold EXPIRED', async () => {
    const sessionId = await openSmallSession();
    const user = await newUser();
    const buyers = await addBuyers(user.token, 2);
    const res = await call<{ holdId: string; expiresAt: string }>('POST', `/v1/sessions/${sessionId}/holds`, {
      token: user.token,
      body: { seatIds: ['1-1-1', '1-1-2'], buyerIds: buyers },
    });
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(3000);
    expect((await stats(sessionId)).held).toBe(2);
    // The sweeper runs only once a minute here, so this is the scheduled release at work.
    const deadline = Date.now() + 10_000;
    while ((await stats(sessionId)).held !== 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await stats(sessionId)).toMatchObject({ held: 0, available: 44 });
    expect((await call('GET', `/v1/holds/${res.body.holdId}`, { token: user.token })).body).toMatchObject({
      status: 'EXPIRED',
    });
    // The same seats can be held again, and the user's limit was given back.
    const again = await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: user.token,
      body: { tierId: 'A', count: 4, buyerIds: [...buyers, ...(await addBuyers(user.token, 2))] },
    });
    expect(again.status).toBe(201);
  });

  it('slows down a user whose holds keep expiring unpaid: 429 EXPIRED_HOLDS after the third', async () => {
    const sessionId = await openSmallSession();
    const user = await newUser();
    const buyers = await addBuyers(user.token, 3);
    const holds = await Promise.all(
      buyers.map((b) =>
        call('POST', `/v1/sessions/${sessionId}/holds`, {
          token: user.token,
          body: { tierId: 'B', count: 1, buyerIds: [b] },
        }),
      ),
    );
    expect(holds.map((h) => h.status)).toEqual([201, 201, 201]);
    const deadline = Date.now() + 10_000;
    while ((await stats(sessionId)).held !== 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const slowed = await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: user.token,
      body: { tierId: 'B', count: 1, buyerIds: [buyers[0]] },
    });
    expect(slowed.status).toBe(429);
    expect(slowed.body).toMatchObject({
      error: { code: 'RATE_LIMITED', details: { limit: 'EXPIRED_HOLDS' } },
    });
    const retryAfter = Number(slowed.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(45);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await stats(sessionId)).held).toBe(0);
    // Someone else is not slowed down.
    const other = await newUser();
    const otherHold = await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: other.token,
      body: { tierId: 'B', count: 1, buyerIds: await addBuyers(other.token, 1) },
    });
    expect(otherHold.status).toBe(201);
  });

  it('starts with reference data but no demo programs when DEMO_DATA=0', async () => {
    const cats = await call<{ items: unknown[] }>('GET', '/v1/categories');
    expect(cats.body.items.length).toBeGreaterThan(0);
    expect(runtime.output()).not.toContain('周杰伦');
  });
});
