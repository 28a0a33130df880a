import { describe, expect, inject, it } from 'vitest';
import { AdmissionTokens } from '#features/waiting-room/admission-tokens.ts';
import { deriveKey } from '#platform/settings/derived-keys.ts';
import {
  addBuyers,
  adminToken,
  call,
  createSmallProgram,
  newUser,
  openSmallProgram,
  solvedCaptcha,
  stats,
} from '../support/api.ts';

interface PlaceBody {
  status: string;
  preQueue: boolean;
  position: number | null;
  ahead: number | null;
  estimatedWaitSeconds: number;
  pollAfterSeconds?: number;
  queueTicket?: string;
  admissionToken?: string;
  admissionExpiresAt?: string;
  opensAt?: string;
}

/** The runtime's own admission signer (from its GATE_SECRET): genuine tokens with chosen contents. */
const tokens = () => new AdmissionTokens(deriveKey(inject('gateSecret'), 'admission'));

const queuePath = (sessionId: string) => `/v1/sessions/${sessionId}/queue`;
const setQueue = async (sessionId: string, body: Record<string, unknown>) =>
  call('PUT', `/v1/admin/sessions/${sessionId}/queue`, { token: await adminToken(), body });
const join = (token: string, sessionId: string, body?: unknown) =>
  call<PlaceBody>('POST', queuePath(sessionId), { token, ...(body === undefined ? {} : { body }) });
const place = (token: string, sessionId: string, ticket?: string) =>
  call<PlaceBody>('GET', queuePath(sessionId), {
    token,
    headers: ticket ? { 'x-queue-ticket': ticket } : {},
  });

async function untilAdmitted(token: string, sessionId: string): Promise<PlaceBody> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await place(token, sessionId);
    if (res.body.status === 'ADMITTED' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('virtual waiting room over HTTP', () => {
  it('shuffles the pre-queue at the opening, then first come first served; only an admission token buys', async () => {
    // The buyers first: registering (scrypt) under load could use up the 4 s before the opening.
    const early = await Promise.all(Array.from({ length: 6 }, () => newUser()));
    const opensAt = new Date(Date.now() + 4000).toISOString();
    const { programId, sessionId } = await openSmallProgram({ saleOpensAt: opensAt });
    const settings = await setQueue(sessionId, { enabled: true, admitPerMinute: 600 });
    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({
      sessionId,
      enabled: true,
      admitPerMinute: 600,
      admissionTtlSeconds: 600,
      captcha: false,
      opensAt: new Date(Date.parse(opensAt)).toISOString(),
      claimWindowSeconds: 60,
    });
    const detail = await call<{ sessions: { waitingRoom: boolean }[] }>('GET', `/v1/programs/${programId}`);
    expect(detail.body.sessions[0]!.waitingRoom).toBe(true);

    for (const u of early) {
      const res = await join(u.token, sessionId);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'WAITING', preQueue: true, position: null, ahead: null });
      expect(res.body.estimatedWaitSeconds).toBeGreaterThan(0);
      expect(res.body.estimatedWaitSeconds).toBeLessThanOrEqual(4);
      // Close to the opening: come back once, 1–10 s after it (not every 2 s until then).
      expect(res.body.pollAfterSeconds).toBeGreaterThanOrEqual(res.body.estimatedWaitSeconds + 1);
      expect(res.body.pollAfterSeconds).toBeLessThanOrEqual(res.body.estimatedWaitSeconds + 10);
    }
    const again = await join(early[0]!.token, sessionId);
    expect(again.status).toBe(200);
    expect(again.body.preQueue).toBe(true);
    // Before the opening nobody holds, admitted or not.
    const held = await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: early[0]!.token,
      body: { tierId: 'B', count: 1, buyerIds: await addBuyers(early[0]!.token, 1) },
    });
    expect(held.status).toBe(403);

    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(opensAt) - Date.now()) + 300));
    const late = await Promise.all([newUser(), newUser()]);
    const latePlaces = [];
    for (const u of late) latePlaces.push((await join(u.token, sessionId)).body.position);
    expect(latePlaces).toEqual([7, 8]);
    const earlyPlaces = await Promise.all(
      early.map(async (u) => (await place(u.token, sessionId)).body.position),
    );
    expect([...earlyPlaces].sort()).toEqual([1, 2, 3, 4, 5, 6]);

    // The first-placed early user, admitted within a second or two at 10 per second.
    const firstIdx = earlyPlaces.indexOf(1);
    const buyer = early[firstIdx]!;
    const other = early[(firstIdx + 1) % early.length]!;
    const admitted = await untilAdmitted(buyer.token, sessionId);
    expect(admitted.status).toBe('ADMITTED');
    expect(Date.parse(admitted.admissionExpiresAt!) - Date.now()).toBeGreaterThan(590_000);
    const othersToken = (await untilAdmitted(other.token, sessionId)).admissionToken!;

    const buyerIds = await addBuyers(buyer.token, 2);
    const holdWith = (token?: string) =>
      call('POST', `/v1/sessions/${sessionId}/holds`, {
        token: buyer.token,
        body: { tierId: 'B', count: 1, buyerIds: [buyerIds[0]] },
        headers: token ? { 'x-admission-token': token } : {},
      });
    const now = Date.now();
    const refusals: [string | undefined, string][] = [
      [undefined, 'MISSING'],
      [await tokens().admission(buyer.userId, sessionId, now - 700_000, now - 100_000), 'EXPIRED'],
      [othersToken, 'OTHER_USER'],
      [await tokens().admission(buyer.userId, 'someothersession', now, now + 600_000), 'OTHER_SESSION'],
      ['not.a.token', 'INVALID'],
      [
        await new AdmissionTokens(new TextEncoder().encode('x'.repeat(32))).admission(
          buyer.userId,
          sessionId,
          now,
          now + 600_000,
        ),
        'INVALID',
      ],
    ];
    for (const [token, reason] of refusals) {
      const res = await holdWith(token);
      expect(res.status, reason).toBe(403);
      expect(res.body).toMatchObject({
        error: { code: 'ADMISSION_REQUIRED', details: { reason, queueUrl: queuePath(sessionId) } },
      });
    }
    // The one-step order form is gated too; nothing was held by any refused request.
    const orderWith = (token?: string, key = 'wr-order') =>
      call<{ orderNumber: string }>('POST', '/v1/orders', {
        token: buyer.token,
        body: { sessionId, tierId: 'B', count: 1, buyerIds: [buyerIds[1]] },
        headers: { 'idempotency-key': key, ...(token ? { 'x-admission-token': token } : {}) },
      });
    expect((await orderWith(undefined, 'wr-no-token')).status).toBe(403);
    expect((await stats(sessionId)).held).toBe(0);

    expect((await holdWith(admitted.admissionToken)).status).toBe(201);
    expect((await orderWith(admitted.admissionToken)).status).toBe(202);
    const after = await stats(sessionId);
    expect(after.held).toBe(2);
    // Ordering returned the buyer's place to the line.
    expect((after as unknown as { queue: { returnedPlaces: number } }).queue).toMatchObject({
      enabled: true,
      inLine: 8,
      returnedPlaces: 1,
    });
  });

  it('answers a poll with a queue ticket from the line as known, and the admission once the place comes up', async () => {
    const { sessionId } = await openSmallProgram();
    await setQueue(sessionId, { enabled: true, admitPerMinute: 1 });
    const first = await newUser();
    const second = await newUser();
    expect((await join(first.token, sessionId)).body.status).toBe('ADMITTED'); // the join is the first look
    const joined = await join(second.token, sessionId);
    expect(joined.body).toMatchObject({ status: 'WAITING', position: 2, ahead: 0, pollAfterSeconds: 2 });
    expect(joined.body.estimatedWaitSeconds).toBeGreaterThan(50);
    const polled = await place(second.token, sessionId, joined.body.queueTicket);
    expect(polled.status).toBe(200);
    expect(polled.headers.get('cache-control')).toBe('no-store');
    expect(polled.body).toMatchObject({ status: 'WAITING', position: 2 });
    // A ticket is bound to its user and session: another's is ignored, not trusted.
    const stranger = await newUser();
    expect((await place(stranger.token, sessionId, joined.body.queueTicket)).status).toBe(404);
  });

  it('asks for a captcha to join when the session says so', async () => {
    const { sessionId } = await openSmallProgram();
    await setQueue(sessionId, { enabled: true, admitPerMinute: 60, captcha: true });
    const u = await newUser();
    const missing = await join(u.token, sessionId);
    expect(missing.status).toBe(428);
    expect(missing.body).toMatchObject({ error: { code: 'CAPTCHA_REQUIRED' } });
    expect((await join(u.token, sessionId, { captcha: await solvedCaptcha() })).status).toBe(201);
  });

  it('answers bad requests with 4xx and changes nothing', async () => {
    const { sessionId } = await createSmallProgram();
    const admin = await adminToken();
    const put = (body: unknown, token = admin, id = sessionId) =>
      call('PUT', `/v1/admin/sessions/${id}/queue`, { token, body });
    for (const body of [
      {},
      { enabled: 'yes', admitPerMinute: 60 },
      { enabled: true, admitPerMinute: 0 },
      { enabled: true, admitPerMinute: 1.5 },
      { enabled: true, admitPerMinute: 60, admissionTtlSeconds: 5 },
      { enabled: true, admitPerMinute: 60, extra: 1 },
    ]) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const user = await newUser();
    expect((await put({ enabled: true, admitPerMinute: 60 }, user.token)).status).toBe(403);
    expect((await put({ enabled: true, admitPerMinute: 60 }, admin, 'nosuchsession')).status).toBe(404);
    // None of that made a waiting room.
    expect((await join(user.token, sessionId)).status).toBe(404);
    expect((await place(user.token, sessionId)).status).toBe(404);
    expect((await call('POST', queuePath(sessionId), { body: {} })).status).toBe(401);
    expect((await join(user.token, sessionId, { captcha: 5 })).status).toBe(400);

    expect((await put({ enabled: false, admitPerMinute: 60 })).status).toBe(200);
    const closed = await join(user.token, sessionId);
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({
      error: { code: 'INVALID_STATE', details: { status: 'QUEUE_DISABLED' } },
    });
    expect((await place(user.token, sessionId)).status).toBe(404);
  });
});
