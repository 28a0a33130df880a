import { beforeAll, describe, expect, it } from 'vitest';
import { addBuyers, call, createSmallProgram, newUser, openSmallSession, stats } from '../support/api.ts';

interface Entry {
  waitlistId: string;
  position: number | null;
  status: string;
  holdId?: string;
  offerExpiresAt?: string;
  tierId: string;
  count: number;
}

async function waitForStatus(token: string, waitlistId: string, status: string): Promise<Entry> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await call<Entry>('GET', `/v1/waitlist/${waitlistId}`, { token });
    if (res.body.status === status || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('waitlist of a sold-out tier', () => {
  let sessionId: string;
  const holders: { token: string; holdId: string }[] = [];

  beforeAll(async () => {
    sessionId = await openSmallSession();
    // Tier A (20 seats, rows 1-1 and 1-2) sells out: five users hold four seats each.
    const tierA = [1, 2].flatMap((row) => Array.from({ length: 10 }, (_, c) => `1-${row}-${c + 1}`));
    for (let i = 0; i < 5; i++) {
      const u = await newUser();
      const buyerIds = await addBuyers(u.token, 4);
      const res = await call<{ holdId: string }>('POST', `/v1/sessions/${sessionId}/holds`, {
        token: u.token,
        body: { seatIds: tierA.slice(i * 4, i * 4 + 4), buyerIds },
      });
      expect(res.status).toBe(201);
      holders.push({ token: u.token, holdId: res.body.holdId });
    }
    expect((await stats(sessionId)).byTier.find((t) => t.tierId === 'A')?.available).toBe(0);
  });

  it('queues first come first served, once per user, and serves the queue when seats come back', async () => {
    const withBuyers = await newUser();
    const buyerIds = await addBuyers(withBuyers.token, 2);
    const noticeOnly = await newUser();
    const wantsFour = await newUser();
    const join = (token: string, body: unknown) =>
      call<Entry & { error?: { code: string } }>('POST', `/v1/sessions/${sessionId}/waitlist`, {
        token,
        body,
      });

    const first = await join(withBuyers.token, { tierId: 'A', count: 2, buyerIds });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ position: 1, status: 'WAITING' });
    const second = await join(noticeOnly.token, { tierId: 'A', count: 2 });
    expect(second.body.position).toBe(2);
    // Joining again is the same entry, not a second place in the queue.
    const again = await join(withBuyers.token, { tierId: 'A', count: 2, buyerIds });
    expect(again.status).toBe(200);
    expect(again.body.waitlistId).toBe(first.body.waitlistId);
    const third = await join(wantsFour.token, { tierId: 'A', count: 4 });
    expect(third.body.position).toBe(3);

    // Four seats come back. The first entry gets a hold placed for it (2 seats), the second a
    // notice for the other 2; the third (4) does not fit and keeps its place, now first.
    const released = holders.pop()!;
    expect((await call('DELETE', `/v1/holds/${released.holdId}`, { token: released.token })).status).toBe(
      204,
    );
    const offered = await waitForStatus(withBuyers.token, first.body.waitlistId, 'OFFERED');
    expect(offered).toMatchObject({ status: 'OFFERED', tierId: 'A', count: 2, position: null });
    expect(offered.holdId).toBeDefined();
    const hold = await call<{ status: string; seats: { tierId: string }[] }>(
      'GET',
      `/v1/holds/${offered.holdId}`,
      {
        token: withBuyers.token,
      },
    );
    expect(hold.body.status).toBe('ACTIVE');
    expect(hold.body.seats.map((s) => s.tierId)).toEqual(['A', 'A']);
    const notice = await waitForStatus(noticeOnly.token, second.body.waitlistId, 'OFFERED');
    expect(notice.holdId).toBeUndefined();
    expect(notice.offerExpiresAt).toBeDefined();
    const waiting = await call<Entry>('GET', `/v1/waitlist/${third.body.waitlistId}`, {
      token: wantsFour.token,
    });
    expect(waiting.body).toMatchObject({ status: 'WAITING', position: 1 });

    // The held offer is an ordinary hold: the user orders it.
    const order = await call('POST', '/v1/orders', {
      token: withBuyers.token,
      body: { holdId: offered.holdId },
      headers: { 'idempotency-key': `wl-${offered.holdId}` },
    });
    expect(order.status).toBe(202);
    const s = await stats(sessionId);
    expect(s.byTier.find((t) => t.tierId === 'A')).toMatchObject({ available: 2, held: 18, sold: 0 });

    // Leaving: idempotent; an offered entry cannot be left; another user's entry is not found.
    expect(
      (await call('DELETE', `/v1/waitlist/${third.body.waitlistId}`, { token: wantsFour.token })).status,
    ).toBe(204);
    expect(
      (await call('DELETE', `/v1/waitlist/${third.body.waitlistId}`, { token: wantsFour.token })).status,
    ).toBe(204);
    expect(
      (await call<Entry>('GET', `/v1/waitlist/${third.body.waitlistId}`, { token: wantsFour.token })).body
        .status,
    ).toBe('LEFT');
    expect(
      (await call('DELETE', `/v1/waitlist/${first.body.waitlistId}`, { token: withBuyers.token })).status,
    ).toBe(409);
    expect(
      (await call('GET', `/v1/waitlist/${first.body.waitlistId}`, { token: wantsFour.token })).status,
    ).toBe(404);
  });

  it('refuses bad requests with the API error body, and a tier that still has seats', async () => {
    const u = await newUser();
    const [buyer] = await addBuyers(u.token, 1);
    const stranger = await newUser();
    const [strangersBuyer] = await addBuyers(stranger.token, 1);
    const join = (
      body: unknown,
      path = `/v1/sessions/${sessionId}/waitlist`,
      token: string | undefined = u.token,
    ) => call<{ error: { code: string; details?: Record<string, unknown> } }>('POST', path, { token, body });
    // Two probes that join around the refused requests: consecutive places prove none of them joined.
    const probe = async () =>
      (
        await call<Entry>('POST', `/v1/sessions/${sessionId}/waitlist`, {
          token: (await newUser()).token,
          body: { tierId: 'A', count: 3 },
        })
      ).body.position;
    const before = await probe();
    const cases: [unknown, number, string][] = [
      [{ tierId: 'A', count: 0 }, 400, 'VALIDATION_FAILED'],
      [{ tierId: 'A', count: 11 }, 400, 'VALIDATION_FAILED'],
      [{ tierId: 'A', count: 1, extra: true }, 400, 'VALIDATION_FAILED'],
      [{ tierId: 'Z', count: 1 }, 400, 'VALIDATION_FAILED'],
      [{ tierId: 'A', count: 5 }, 422, 'PURCHASE_LIMIT_EXCEEDED'],
      [{ tierId: 'A', count: 2, buyerIds: [buyer] }, 422, 'BUYER_COUNT_MISMATCH'],
      [{ tierId: 'A', count: 1, buyerIds: [strangersBuyer] }, 400, 'VALIDATION_FAILED'],
      [{ tierId: 'B', count: 2 }, 409, 'INVALID_STATE'],
    ];
    for (const [body, status, code] of cases) {
      const res = await join(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect((await join({ tierId: 'B', count: 2 })).body.error.details).toMatchObject({
      reason: 'SEATS_AVAILABLE',
    });
    expect(
      (await call('POST', `/v1/sessions/${sessionId}/waitlist`, { body: { tierId: 'A', count: 1 } })).status,
    ).toBe(401);
    expect((await join({ tierId: 'A', count: 1 }, '/v1/sessions/nosuchsession/waitlist')).status).toBe(404);
    const { sessionId: scheduled } = await createSmallProgram();
    expect((await join({ tierId: 'A', count: 1 }, `/v1/sessions/${scheduled}/waitlist`)).status).toBe(409);
    expect((await call('GET', '/v1/waitlist/nosuchentry', { token: u.token })).status).toBe(404);
    expect((await call('GET', '/v1/waitlist/Bad.Id', { token: u.token })).status).toBe(400);
    expect(await probe()).toBe((before ?? 0) + 1);
  });
});
