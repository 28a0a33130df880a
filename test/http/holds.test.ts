import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '#platform/http/handler.ts';
import { addBuyers, call, newUser, openSmallSession, stats } from '../support/api.ts';

interface HoldBody {
  holdId: string;
  status: string;
  seats: { seatId: string; tierId: string; priceCents: number; buyerId: string }[];
  totalCents: number;
  expiresAt: string;
}

let sessionId: string;
let user: { token: string; userId: string };
let buyers: string[];

beforeAll(async () => {
  sessionId = await openSmallSession();
  user = await newUser();
  buyers = await addBuyers(user.token, 6);
});

const hold = (body: unknown, token = user.token, sid = sessionId) =>
  call<HoldBody>('POST', `/v1/sessions/${sid}/holds`, { token, body });

describe('holds over HTTP', () => {
  it('holds named seats, shows the hold to its owner only, and releases it', async () => {
    const res = await hold({
      seatIds: ['1-2-1', '1-2-2'],
      buyerIds: buyers.slice(0, 2),
      expectedTotalCents: 20_000,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'ACTIVE',
      together: true,
      totalCents: 20_000,
      seats: [
        { seatId: '1-2-1', tierId: 'A', priceCents: 10_000, buyerId: buyers[0] },
        { seatId: '1-2-2', tierId: 'A', priceCents: 10_000, buyerId: buyers[1] },
      ],
    });
    const ttl = Date.parse(res.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    const path = `/v1/holds/${res.body.holdId}`;
    expect((await call('GET', path, { token: user.token })).body).toMatchObject({
      holdId: res.body.holdId,
      status: 'ACTIVE',
    });
    const other = await newUser();
    expect((await call('GET', path, { token: other.token })).status).toBe(404);
    expect((await call('DELETE', path, { token: other.token })).status).toBe(404);
    expect((await stats(sessionId)).held).toBe(2);
    expect((await call('DELETE', path, { token: user.token })).status).toBe(204);
    expect((await stats(sessionId)).held).toBe(0);
    expect((await call('GET', path, { token: user.token })).body).toMatchObject({ status: 'RELEASED' });
    expect((await call('DELETE', path, { token: user.token })).status).toBe(204);
    expect((await call('GET', '/v1/holds/nosuch_0123456789ab', { token: user.token })).status).toBe(404);
  });

  it('auto-picks adjacent seats in one row of a tier', async () => {
    const res = await hold({ tierId: 'B', count: 3, buyerIds: buyers.slice(0, 3) });
    expect(res.status).toBe(201);
    const cols = res.body.seats.map((s) => s.seatId.split('-').map(Number));
    expect(new Set(cols.map(([sec, row]) => `${sec}-${row}`)).size).toBe(1);
    expect(cols.map((c) => c[2]! - cols[0]![2]!)).toEqual([0, 1, 2]);
    expect((await call('DELETE', `/v1/holds/${res.body.holdId}`, { token: user.token })).status).toBe(204);
  });

  it('best available: together when a row can take them, else across rows, and says which', async () => {
    // Boxes of two: three seats never sit together.
    const boxes = await openSmallSession({
      tiers: [{ tierId: 'BOX', name: 'Box', priceCents: 2000, perUserLimit: 6 }],
      layout: { sections: [{ name: 'Boxes', tierId: 'BOX', rows: 3, seatsPerRow: 2 }] },
    });
    const pair = await hold(
      { tierId: 'BOX', count: 2, best: true, buyerIds: buyers.slice(0, 2) },
      user.token,
      boxes,
    );
    expect(pair.status).toBe(201);
    expect(pair.body).toMatchObject({ together: true, seats: [{ seatId: '1-1-1' }, { seatId: '1-1-2' }] });
    const strict = await hold({ tierId: 'BOX', count: 3, buyerIds: buyers.slice(2, 5) }, user.token, boxes);
    expect(strict.status).toBe(409);
    expect(strict.body).toMatchObject({ error: { code: 'NO_ADJACENT_SEATS' } });
    const split = await hold(
      { tierId: 'BOX', count: 3, best: true, buyerIds: buyers.slice(2, 5) },
      user.token,
      boxes,
    );
    expect(split.status).toBe(201);
    expect(split.body).toMatchObject({
      together: false,
      totalCents: 6000,
      seats: [{ seatId: '1-2-1' }, { seatId: '1-2-2' }, { seatId: '1-3-1' }],
    });
    expect((await call('GET', `/v1/holds/${split.body.holdId}`, { token: user.token })).body).toMatchObject({
      together: false,
    });
    const bad = await hold(
      { tierId: 'BOX', count: 1, best: 'yes', buyerIds: [buyers[5]] },
      user.token,
      boxes,
    );
    expect(bad.status).toBe(400);
    expect((await stats(boxes)).held).toBe(5);
  });

  it('answers taken seats with 409 SEAT_UNAVAILABLE naming them', async () => {
    const first = await hold({ seatIds: ['2-1-1'], buyerIds: [buyers[0]] });
    const other = await newUser();
    const [b] = await addBuyers(other.token, 1);
    const res = await hold({ seatIds: ['2-1-1'], buyerIds: [b] }, other.token);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'SEAT_UNAVAILABLE', details: { seatIds: ['2-1-1'] } } });
    await call('DELETE', `/v1/holds/${first.body.holdId}`, { token: user.token });
  });

  it('enforces the per-user limit of the tier across holds (422)', async () => {
    const a = await hold({ tierId: 'A', count: 3, buyerIds: buyers.slice(0, 3) });
    expect(a.status).toBe(201);
    const b = await hold({ tierId: 'A', count: 2, buyerIds: buyers.slice(3, 5) });
    expect(b.status).toBe(422);
    expect(b.body).toMatchObject({
      error: { code: 'PURCHASE_LIMIT_EXCEEDED', details: { tierId: 'A', limit: 4 } },
    });
    await call('DELETE', `/v1/holds/${a.body.holdId}`, { token: user.token });
  });

  it('answers every kind of bad input with a 4xx error body and changes nothing', async () => {
    const before = await stats(sessionId);
    const other = await newUser();
    const [foreignBuyer] = await addBuyers(other.token, 1);
    const cases: [string, () => Promise<{ status: number; body: unknown }>, number, string][] = [
      [
        'malformed JSON',
        () => call('POST', `/v1/sessions/${sessionId}/holds`, { token: user.token, raw: '{"seatIds": [' }),
        400,
        'MALFORMED_JSON',
      ],
      ['wrong types', () => hold({ seatIds: '1-1-1', buyerIds: 7 }), 400, 'VALIDATION_FAILED'],
      [
        'both forms at once',
        () => hold({ seatIds: ['1-1-1'], tierId: 'A', count: 1, buyerIds: [buyers[0]] }),
        400,
        'VALIDATION_FAILED',
      ],
      ['unknown seat', () => hold({ seatIds: ['9-9-9'], buyerIds: [buyers[0]] }), 400, 'VALIDATION_FAILED'],
      [
        'garbage seat id',
        () => hold({ seatIds: ['<script>'], buyerIds: [buyers[0]] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'repeated seat',
        () => hold({ seatIds: ['1-1-1', '1-1-1'], buyerIds: buyers.slice(0, 2) }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'negative count',
        () => hold({ tierId: 'A', count: -1, buyerIds: [buyers[0]] }),
        400,
        'VALIDATION_FAILED',
      ],
      ['zero count', () => hold({ tierId: 'A', count: 0, buyerIds: [buyers[0]] }), 400, 'VALIDATION_FAILED'],
      [
        'huge count',
        () => hold({ tierId: 'A', count: 1e12, buyerIds: [buyers[0]] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'fractional count',
        () => hold({ tierId: 'A', count: 1.5, buyerIds: [buyers[0]] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'above per-order maximum',
        () => hold({ tierId: 'B', count: 7, buyerIds: [...buyers, buyers[0]] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'unknown tier',
        () => hold({ tierId: 'Z', count: 1, buyerIds: [buyers[0]] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'buyer count mismatch',
        () => hold({ tierId: 'A', count: 2, buyerIds: [buyers[0]] }),
        422,
        'BUYER_COUNT_MISMATCH',
      ],
      [
        'duplicate buyers',
        () => hold({ tierId: 'A', count: 2, buyerIds: [buyers[0], buyers[0]] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        "someone else's buyer",
        () => hold({ tierId: 'A', count: 1, buyerIds: [foreignBuyer] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'price mismatch',
        () => hold({ seatIds: ['1-1-1'], buyerIds: [buyers[0]], expectedTotalCents: 1 }),
        422,
        'PRICE_MISMATCH',
      ],
      [
        'oversized body',
        () =>
          call('POST', `/v1/sessions/${sessionId}/holds`, {
            token: user.token,
            raw: JSON.stringify({ seatIds: ['x'.repeat(MAX_BODY_BYTES)] }),
          }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'no token',
        () =>
          call('POST', `/v1/sessions/${sessionId}/holds`, {
            body: { tierId: 'A', count: 1, buyerIds: [buyers[0]] },
          }),
        401,
        'UNAUTHENTICATED',
      ],
      [
        'invalid token',
        () => hold({ tierId: 'A', count: 1, buyerIds: [buyers[0]] }, 'eyJhbGciOiJIUzI1NiJ9.e30.xxxx'),
        401,
        'UNAUTHENTICATED',
      ],
      [
        'unknown session',
        () => hold({ tierId: 'A', count: 1, buyerIds: [buyers[0]] }, user.token, 'nosuchsession'),
        404,
        'NOT_FOUND',
      ],
      [
        'bad session id',
        () => hold({ tierId: 'A', count: 1, buyerIds: [buyers[0]] }, user.token, 'BAD%20ID'),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'bad hold id',
        () => call('GET', '/v1/holds/..%2F..', { token: user.token }),
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      const res = await send();
      expect(res.status, name).toBe(status);
      expect(res.body, name).toMatchObject({ error: { code, message: expect.any(String) } });
    }
    expect(await stats(sessionId)).toEqual(before);
  });
});
