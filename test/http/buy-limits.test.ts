import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { adminToken, call, newUser, pollUntil, prcId } from '../support/api.ts';

const tiers = [
  { tierId: 'A', name: 'VIP', priceCents: 10_000, perUserLimit: 4, perProgramLimit: 3 },
  { tierId: 'B', name: 'Standard', priceCents: 5_000, perUserLimit: 6 },
];
const session = (extra: Record<string, unknown> = {}) => ({
  startsAt: '2030-01-01T12:00:00Z',
  saleOpensAt: '2020-01-01T00:00:00Z',
  tiers,
  layout: {
    sections: [
      { name: 'Front', tierId: 'A', rows: 2, seatsPerRow: 10 },
      { name: 'Back', tierId: 'B', rows: 2, seatsPerRow: 10 },
    ],
  },
  ...extra,
});

/** A program with the given sessions, all opened for sale; returns the session ids. */
async function openProgram(sessions: Record<string, unknown>[]): Promise<string[]> {
  const token = await adminToken();
  const res = await call<{ sessions: { sessionId: string }[] }>('POST', '/v1/admin/programs', {
    token,
    body: {
      title: '限购测试',
      actor: '测试',
      city: '上海',
      venue: '测试场馆',
      categoryId: 'concert',
      sessions,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const ids = res.body.sessions.map((s) => s.sessionId);
  for (const id of ids)
    expect((await call('POST', `/v1/admin/sessions/${id}/open`, { token })).status).toBe(200);
  return ids;
}

async function buyerWithId(token: string, idNumber: string, idType = 1): Promise<string> {
  const res = await call<{ buyerId: string }>('POST', '/v1/users/me/buyers', {
    token,
    body: { name: '李四', idType, idNumber },
  });
  expect(res.status).toBe(201);
  expect(res.body).not.toHaveProperty('idHash');
  return res.body.buyerId;
}

const redis = new Redis(inject('apiRedisUrl'));
afterAll(() => redis.quit());

const hold = (token: string, sessionId: string, body: Record<string, unknown>) =>
  call<{ holdId: string }>('POST', `/v1/sessions/${sessionId}/holds`, { token, body });

describe('real-name rule ONE_PER_ID over HTTP', () => {
  it('lets one id number on one seat of the session, across accounts, until the hold ends', async () => {
    const [sessionId] = await openProgram([session({ realName: 'ONE_PER_ID' })]);
    const idNumber = prcId(4242);
    const first = await newUser();
    const second = await newUser();
    const b1 = await buyerWithId(first.token, idNumber);
    const b2 = await buyerWithId(second.token, idNumber);
    const held = await hold(first.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b1] });
    expect(held.status).toBe(201);
    const refused = await hold(second.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b2] });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: 'ID_ALREADY_USED', details: { buyerIds: [b2] } } });
    expect(JSON.stringify(refused.body)).not.toContain(idNumber);
    // The same person twice in one order of the same account is refused too.
    const twin = await buyerWithId(first.token, idNumber);
    const twice = await hold(first.token, sessionId!, { tierId: 'A', count: 2, buyerIds: [b1, twin] });
    expect(twice.body).toMatchObject({ error: { code: 'ID_ALREADY_USED' } });
    expect((await call('DELETE', `/v1/holds/${held.body.holdId}`, { token: first.token })).status).toBe(204);
    expect((await hold(second.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b2] })).status).toBe(
      201,
    );
  });

  it('gives the document back when its paid order is refunded, and keeps it used across a rebuild of Redis', async () => {
    const [sessionId] = await openProgram([session({ realName: 'ONE_PER_ID' })]);
    const first = await newUser();
    const second = await newUser();
    const idNumber = prcId(5151);
    const b1 = await buyerWithId(first.token, idNumber);
    const b2 = await buyerWithId(second.token, idNumber);
    // Bought through the whole V4 path: the order crosses the queue and the writer records it.
    const held = await hold(first.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b1] });
    expect(held.status).toBe(201);
    const order = await call<{ orderNumber: string }>('POST', '/v1/orders', {
      token: first.token,
      body: { holdId: held.body.holdId },
      headers: { 'idempotency-key': `rn-${held.body.holdId}` },
    });
    expect(order.status).toBe(202);
    const { orderNumber } = order.body;
    await pollUntil(first.token, orderNumber, 'PENDING_PAYMENT');
    const payment = await call<{ payUrl: string }>('POST', `/v1/orders/${orderNumber}/payments`, {
      token: first.token,
      body: { channel: 'sandbox' },
      headers: { 'idempotency-key': `rn-pay-${orderNumber}` },
    });
    await fetch(payment.body.payUrl, { method: 'POST' });
    await pollUntil(first.token, orderNumber, 'TICKETED');

    // Redis lost the session: the next hold rebuilds it from DynamoDB (answering 503 meanwhile),
    // and the sold seat still carries the document.
    const lost = await redis.keys(`*{s:${sessionId}}*`);
    expect(lost).toContain(`{s:${sessionId}}:ids`);
    await redis.del(...lost);
    let refused = await hold(second.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b2] });
    for (let i = 0; refused.status === 503 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      refused = await hold(second.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b2] });
    }
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: 'ID_ALREADY_USED' } });

    // Refunded: the seat and the document are free again, for another account too.
    const refund = await call<{ status: string }>('POST', `/v1/orders/${orderNumber}/refund`, {
      token: first.token,
      body: { reason: '去不了了' },
    });
    expect(refund.status).toBe(200);
    await pollUntil(first.token, orderNumber, 'REFUNDED');
    const again = await hold(second.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b2] });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });

  it('is keyed on the document, not the declared type: one number under another type is the same person', async () => {
    const [sessionId] = await openProgram([session({ realName: 'ONE_PER_ID' })]);
    // A Hong Kong resident's residence permit number (GB 11643, region 810000): declared as
    // what it is by one account, as a resident id card by another, typed with spaces by a third.
    const permit = prcId(6161, '810000');
    const first = await newUser();
    const second = await newUser();
    const third = await newUser();
    const b1 = await buyerWithId(first.token, permit, 2);
    const b2 = await buyerWithId(second.token, permit, 1);
    const b3 = await buyerWithId(
      third.token,
      `${permit.slice(0, 6)} ${permit.slice(6, 14)} ${permit.slice(14)}`,
      2,
    );
    expect((await hold(first.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b1] })).status).toBe(201);
    for (const [u, b] of [
      [second, b2],
      [third, b3],
    ] as const) {
      const refused = await hold(u.token, sessionId!, { tierId: 'B', count: 1, buyerIds: [b] });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ error: { code: 'ID_ALREADY_USED', details: { buyerIds: [b] } } });
    }
    // A resident id number cannot be passed off as a passport, a travel permit or a foreign card.
    for (const idType of [3, 4, 5, 6]) {
      const res = await call('POST', '/v1/users/me/buyers', {
        token: second.token,
        body: { name: '李四', idType, idNumber: prcId(6162) },
      });
      expect(res.status, `type ${idType}`).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('validates the rule when a session is created', async () => {
    const res = await call('POST', '/v1/admin/programs', {
      token: await adminToken(),
      body: {
        title: 't',
        actor: 'a',
        city: '上海',
        venue: 'v',
        categoryId: 'concert',
        sessions: [session({ realName: 'ONE_PER_PERSON' })],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('the per-show limit over all tiers, over HTTP', () => {
  it("refuses a hold that takes one user past the show's limit across tiers (default: the largest tier limit)", async () => {
    const [limited, byDefault] = await openProgram([
      session({ perUserLimit: 5 }),
      session({ startsAt: '2030-01-02T12:00:00Z' }),
    ]);
    const user = await newUser();
    const buyers = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map((i) => buyerWithId(user.token, prcId(7100 + i))),
    );
    expect(
      (await hold(user.token, limited!, { tierId: 'A', count: 3, buyerIds: buyers.slice(0, 3) })).status,
    ).toBe(201);
    const over = await hold(user.token, limited!, { tierId: 'B', count: 3, buyerIds: buyers.slice(3, 6) });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      error: {
        code: 'PURCHASE_LIMIT_EXCEEDED',
        details: { scope: 'SESSION', limit: 5, alreadyHeldOrBought: 3 },
      },
    });
    expect(
      (await hold(user.token, limited!, { tierId: 'B', count: 2, buyerIds: buyers.slice(3, 5) })).status,
    ).toBe(201);
    const view = await call<{ perUserLimit?: number }>('GET', `/v1/sessions/${limited}`);
    expect(view.body.perUserLimit).toBe(5);
    // Without one given, the show's limit is its largest tier limit (B: 6), never the sum (3 + 6).
    expect(
      (await call<{ perUserLimit?: number }>('GET', `/v1/sessions/${byDefault}`)).body.perUserLimit,
    ).toBe(6);
    // Another user (tier A also has a per-program limit, which the first user used up).
    const other = await newUser();
    const more = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map((n) => buyerWithId(other.token, prcId(7200 + n))),
    );
    const first = await hold(other.token, byDefault!, { tierId: 'A', count: 3, buyerIds: more.slice(0, 3) });
    expect(first.status).toBe(201);
    const pastDefault = await hold(other.token, byDefault!, {
      tierId: 'B',
      count: 4,
      buyerIds: more.slice(3, 7),
    });
    expect(pastDefault.body).toMatchObject({ error: { details: { scope: 'SESSION', limit: 6 } } });
  });

  it('validates the limit when a session is created', async () => {
    for (const perUserLimit of [0, 101, 2.5, '5']) {
      const res = await call('POST', '/v1/admin/programs', {
        token: await adminToken(),
        body: {
          title: 't',
          actor: 'a',
          city: '上海',
          venue: 'v',
          categoryId: 'concert',
          sessions: [session({ perUserLimit })],
        },
      });
      expect(res.status, String(perUserLimit)).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });
});

describe('per-program tier limits over HTTP', () => {
  it('counts a tier across every session of the program, and gives seats back when holds and orders end', async () => {
    const [s1, s2] = await openProgram([session(), session({ startsAt: '2030-01-02T12:00:00Z' })]);
    const user = await newUser();
    const buyers = await Promise.all([1, 2, 3, 4].map((i) => buyerWithId(user.token, prcId(7000 + i))));
    const first = await hold(user.token, s1!, { tierId: 'A', count: 2, buyerIds: buyers.slice(0, 2) });
    expect(first.status).toBe(201);
    const over = await hold(user.token, s2!, { tierId: 'A', count: 2, buyerIds: buyers.slice(2, 4) });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      error: {
        code: 'PURCHASE_LIMIT_EXCEEDED',
        details: { scope: 'PROGRAM', tierId: 'A', limit: 3, alreadyHeldOrBought: 2 },
      },
    });
    // Tier B has no program limit; tier A still has room for one.
    expect(
      (await hold(user.token, s2!, { tierId: 'B', count: 3, buyerIds: buyers.slice(0, 3) })).status,
    ).toBe(201);
    const order = await call<{ orderNumber: string }>('POST', '/v1/orders', {
      token: user.token,
      body: { sessionId: s2, tierId: 'A', count: 1, buyerIds: [buyers[3]] },
      headers: { 'idempotency-key': `pl-${s2}` },
    });
    expect(order.status).toBe(202);
    await pollUntil(user.token, order.body.orderNumber, 'PENDING_PAYMENT');
    expect((await hold(user.token, s2!, { tierId: 'A', count: 1, buyerIds: [buyers[2]] })).status).toBe(422);
    // Cancelling the order and releasing the first hold give their seats back at once.
    const cancel = await call('POST', `/v1/orders/${order.body.orderNumber}/cancel`, { token: user.token });
    expect(cancel.status).toBe(200);
    expect((await call('DELETE', `/v1/holds/${first.body.holdId}`, { token: user.token })).status).toBe(204);
    expect(
      (await hold(user.token, s2!, { tierId: 'A', count: 3, buyerIds: buyers.slice(0, 3) })).status,
    ).toBe(201);
  });

  it('validates the limit when a tier is created', async () => {
    const bad = { ...tiers[0], perProgramLimit: 0 };
    const res = await call('POST', '/v1/admin/programs', {
      token: await adminToken(),
      body: {
        title: 't',
        actor: 'a',
        city: '上海',
        venue: 'v',
        categoryId: 'concert',
        sessions: [{ ...session(), tiers: [bad, tiers[1]] }],
      },
    });
    expect(res.status).toBe(400);
  });
});
