import { describe, expect, it } from 'vitest';
import {
  addBuyers,
  adminToken,
  call,
  createSmallProgram,
  newUser,
  openSmallProgram,
  pollUntil,
} from '../support/api.ts';

interface SessionView {
  sessionId: string;
  programId: string;
  title: string;
  venue: string;
  city: string;
  startsAt: string;
  saleOpensAt: string;
  saleClosesAt: string;
  status: string;
  tiers: { tierId: string; name: string; priceCents: number; perUserLimit: number }[];
}
type ErrorBody = { error: { code: string; details?: Record<string, unknown> } };

const hour = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();

async function holdOne(sessionId: string, token: string, buyerId: string) {
  return call<{ holdId: string } & ErrorBody>('POST', `/v1/sessions/${sessionId}/holds`, {
    token,
    body: { tierId: 'B', count: 1, buyerIds: [buyerId] },
  });
}

describe('GET /v1/sessions/{sessionId}', () => {
  it('answers the session with its show, sale window, status and tiers; 404 unknown, 400 malformed', async () => {
    const { programId, sessionId } = await createSmallProgram();
    const res = await call<SessionView>('GET', `/v1/sessions/${sessionId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sessionId,
      programId,
      title: '测试节目',
      venue: '测试剧场',
      city: '上海',
      startsAt: '2030-01-01T12:00:00.000Z',
      saleOpensAt: '2020-01-01T00:00:00.000Z',
      // By default the sale closes when the show starts.
      saleClosesAt: '2030-01-01T12:00:00.000Z',
      status: 'SCHEDULED',
    });
    expect(res.body.tiers.map((t) => t.tierId)).toEqual(['A', 'B']);
    expect((await call<ErrorBody>('GET', '/v1/sessions/s0000000000000000000')).status).toBe(404);
    const bad = await call<ErrorBody>('GET', '/v1/sessions/BAD!');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('PATCH /v1/admin/programs/{programId}', () => {
  it('changes the descriptive fields; the detail, the session and the search follow', async () => {
    const { programId, sessionId } = await createSmallProgram();
    const title = `改名节目${Date.now()}`;
    const res = await call<{ title: string; venue: string }>('PATCH', `/v1/admin/programs/${programId}`, {
      token: await adminToken(),
      body: { title, venue: '新剧场' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title, venue: '新剧场', city: '上海' });
    expect((await call<{ title: string }>('GET', `/v1/programs/${programId}`)).body.title).toBe(title);
    expect((await call<SessionView>('GET', `/v1/sessions/${sessionId}`)).body.venue).toBe('新剧场');
    const found = await call<{ items: { programId: string; title: string }[] }>(
      'GET',
      `/v1/programs?q=${encodeURIComponent(title)}`,
    );
    expect(found.body.items.map((p) => p.programId)).toContain(programId);
  });

  it('refuses bad input with the error body and changes nothing; admins only; 404 for an unknown program', async () => {
    const { programId } = await createSmallProgram();
    const path = `/v1/admin/programs/${programId}`;
    const admin = await adminToken();
    for (const body of [{}, { title: '' }, { title: 'x', extra: 1 }, { city: 'x'.repeat(33) }]) {
      const res = await call<ErrorBody>('PATCH', path, { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const category = await call<ErrorBody>('PATCH', path, {
      token: admin,
      body: { categoryId: 'nosuchcategory' },
    });
    expect(category.status).toBe(400);
    expect((await call('PATCH', path, { body: { title: 'x' } })).status).toBe(401);
    expect((await call('PATCH', path, { token: (await newUser()).token, body: { title: 'x' } })).status).toBe(
      403,
    );
    expect(
      (await call('PATCH', '/v1/admin/programs/p0000000000000000000', { token: admin, body: { title: 'x' } }))
        .status,
    ).toBe(404);
    expect((await call<{ title: string }>('GET', `/v1/programs/${programId}`)).body.title).toBe('测试节目');
  });
});

describe('PATCH /v1/admin/sessions/{sessionId}', () => {
  it('changes prices while SCHEDULED, not once on sale; times at any time, checked together', async () => {
    const { sessionId } = await createSmallProgram();
    const path = `/v1/admin/sessions/${sessionId}`;
    const admin = await adminToken();
    const priced = await call<SessionView>('PATCH', path, {
      token: admin,
      body: { tiers: [{ tierId: 'B', priceCents: 6500 }] },
    });
    expect(priced.status).toBe(200);
    expect(priced.body.tiers.find((t) => t.tierId === 'B')?.priceCents).toBe(6500);
    const unknownTier = await call<ErrorBody>('PATCH', path, {
      token: admin,
      body: { tiers: [{ tierId: 'Z', priceCents: 1 }] },
    });
    expect(unknownTier.status).toBe(400);
    const inverted = await call<ErrorBody>('PATCH', path, {
      token: admin,
      body: { saleClosesAt: '2019-01-01T00:00:00Z' },
    });
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.code).toBe('VALIDATION_FAILED');
    expect((await call<ErrorBody>('PATCH', path, { token: admin, body: {} })).status).toBe(400);

    expect((await call('POST', `${path}/open`, { token: admin })).status).toBe(200);
    // The new price is what the hold charges.
    const u = await newUser();
    const [buyer] = await addBuyers(u.token, 1);
    const held = await call<{ totalCents: number }>('POST', `/v1/sessions/${sessionId}/holds`, {
      token: u.token,
      body: { tierId: 'B', count: 1, buyerIds: [buyer] },
    });
    expect(held.body.totalCents).toBe(6500);
    const late = await call<ErrorBody>('PATCH', path, {
      token: admin,
      body: { tiers: [{ tierId: 'B', priceCents: 1 }] },
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'INVALID_STATE', details: { status: 'ON_SALE' } });
  });

  it('a closing time in the past closes the sale inside the hold script (409 SALE_CLOSED); moved later, it sells again', async () => {
    const { programId, sessionId } = await openSmallProgram();
    const path = `/v1/admin/sessions/${sessionId}`;
    const admin = await adminToken();
    const u = await newUser();
    const [buyer] = await addBuyers(u.token, 1);
    const past = await call<SessionView>('PATCH', path, {
      token: admin,
      body: { saleClosesAt: at(Date.now() - hour) },
    });
    expect(past.status).toBe(200);
    expect(past.body.status).toBe('CLOSED');
    // A sale whose time ran out (a show that started reads the same) offers no live counts.
    expect(await shownInDetail(programId, sessionId)).toEqual({ status: 'CLOSED', remaining: [null, null] });
    const refused = await holdOne(sessionId, u.token, buyer!);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'SALE_CLOSED', details: { status: 'CLOSED' } });
    const again = await call<SessionView>('PATCH', path, {
      token: admin,
      body: { saleClosesAt: at(Date.now() + hour) },
    });
    expect(again.body.status).toBe('ON_SALE');
    expect((await holdOne(sessionId, u.token, buyer!)).status).toBe(201);
  });
});

/** How program detail shows one session: its status and each tier's remaining seats. */
async function shownInDetail(programId: string, sessionId: string) {
  const detail = await call<{
    sessions: { sessionId: string; status: string; tiers: { remaining: number | null }[] }[];
  }>('GET', `/v1/programs/${programId}`);
  const s = detail.body.sessions.find((x) => x.sessionId === sessionId)!;
  return { status: s.status, remaining: s.tiers.map((t) => t.remaining) };
}

describe('POST /v1/admin/sessions/{sessionId}/close', () => {
  it('stops new holds (409 SALE_CLOSED) while existing holds still become orders; idempotent; open reopens', async () => {
    const { programId, sessionId } = await openSmallProgram();
    const admin = await adminToken();
    const u = await newUser();
    const buyers = await addBuyers(u.token, 2);
    const held = await holdOne(sessionId, u.token, buyers[0]!);
    expect(held.status).toBe(201);

    const closed = await call<SessionView>('POST', `/v1/admin/sessions/${sessionId}/close`, { token: admin });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('CLOSED');
    expect((await call('POST', `/v1/admin/sessions/${sessionId}/close`, { token: admin })).status).toBe(200);
    expect((await call<SessionView>('GET', `/v1/sessions/${sessionId}`)).body.status).toBe('CLOSED');
    // Program detail and the seat map read the same status, and offer no live counts.
    expect(await shownInDetail(programId, sessionId)).toEqual({ status: 'CLOSED', remaining: [null, null] });
    expect((await call<{ status: string }>('GET', `/v1/sessions/${sessionId}/seats`)).body.status).toBe(
      'CLOSED',
    );

    const refused = await holdOne(sessionId, u.token, buyers[1]!);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SALE_CLOSED');
    // The hold made before closing runs out normally: it is ordered and written.
    const order = await call<{ orderNumber: string }>('POST', '/v1/orders', {
      token: u.token,
      body: { holdId: held.body.holdId },
      headers: { 'idempotency-key': `close-${sessionId}` },
    });
    expect(order.status).toBe(202);
    expect((await pollUntil(u.token, order.body.orderNumber, 'PENDING_PAYMENT')).status).toBe(
      'PENDING_PAYMENT',
    );

    const reopened = await call<{ status: string }>('POST', `/v1/admin/sessions/${sessionId}/open`, {
      token: admin,
    });
    expect(reopened.status).toBe(200);
    expect((await call<SessionView>('GET', `/v1/sessions/${sessionId}`)).body.status).toBe('ON_SALE');
    expect(await shownInDetail(programId, sessionId)).toMatchObject({ status: 'ON_SALE' });
    expect((await shownInDetail(programId, sessionId)).remaining.every((n) => typeof n === 'number')).toBe(
      true,
    );
    expect((await holdOne(sessionId, u.token, buyers[1]!)).status).toBe(201);

    expect((await call('POST', `/v1/admin/sessions/${sessionId}/close`)).status).toBe(401);
    expect(
      (await call('POST', '/v1/admin/sessions/s0000000000000000000/close', { token: admin })).status,
    ).toBe(404);
  });
});
