import { afterAll, describe, expect, it } from 'vitest';
import { openSession } from '#features/sessions/programs.ts';
import { reconcileSession } from '#features/sessions/reconcile.ts';
import { queueKeys } from '#features/waiting-room/redis-waiting-room.ts';
import { DomainError } from '#kernel/errors.ts';
import { sweepExpiredHolds } from '#shared/booking/expiry.ts';
import { createHold } from '#shared/booking/holds.ts';
import { sessionDataKeys, sessionKeys } from '#shared/inventory/session-keys.ts';
import { applyPaymentResult } from '#shared/payments/payments.ts';
import { checkIn, issueTickets } from '#shared/tickets/tickets.ts';
import { smallLayout, storeOnSaleSession, uniqueId } from '../support/fixtures.ts';
import { paidAtGateway } from '../support/paid-orders.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

/** Every Redis key of the session's inventory and waiting room that exists now. */
async function keysOf(sessionId: string): Promise<string[]> {
  const all = [...sessionDataKeys(sessionId), ...queueKeys(sessionId)];
  const exists = await Promise.all(all.map((key) => d.redis.exists(key)));
  return all.filter((_, i) => exists[i] === 1);
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (e instanceof DomainError ? `${e.code}:${String(e.details?.status ?? '')}` : String(e)),
  );

/** A show that started a minute ago (its sale closed then), one seat sold and ticketed before, a waiting room. */
async function endedShowWithATicket() {
  const now = Date.now();
  const layout = smallLayout({
    programId: uniqueId('p'),
    startsAt: new Date(now - 60_000).toISOString(),
    saleOpensAt: new Date(now - 3_600_000).toISOString(),
  });
  await storeOnSaleSession(d.catalogue, layout, layout.programId);
  d.setNow(now - 600_000); // the sale was open then
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
  const o = await paidAtGateway(d, layout.sessionId, ['1-1-1']);
  await applyPaymentResult(d, o.payment, o.result);
  expect(await issueTickets(d, o.orderNumber)).toBe('issued');
  const [ticket] = await d.tickets.list(o.orderNumber);
  // A waiting room was set up for it too (after the purchase: it would have gated the hold).
  await d.waitingRoom.configure(layout.sessionId, {
    enabled: true,
    admitPerMinute: 60,
    admissionTtlSeconds: 600,
    captcha: false,
    opensAtMs: Date.parse(layout.saleOpensAt),
    claimWindowMs: 60_000,
  });
  d.setNow(now);
  return { layout, ticket: ticket!, user: o.user };
}

describe("an ended session's data in Redis", () => {
  it('expires after the show and the grace; check-in still works, reconcile says why, nothing rebuilds it', async () => {
    const { layout, ticket, user } = await endedShowWithATicket();
    const sessionId = layout.sessionId;
    // The grace ends 4 s from now, measured after the setup (a loaded machine takes seconds over it).
    const startsAtMs = Date.parse(layout.startsAt);
    d.config.sessionDataGraceSeconds = Math.ceil((Date.now() - startsAtMs) / 1000) + 4;
    const goesAt = startsAtMs + d.config.sessionDataGraceSeconds * 1000;
    expect((await keysOf(sessionId)).length).toBeGreaterThan(5);
    const swept = await sweepExpiredHolds(d);
    expect(swept.retired).toBeGreaterThanOrEqual(1);
    // During the grace everything is there, each key set to go.
    const during = await keysOf(sessionId);
    expect(during.length).toBeGreaterThan(5);
    for (const key of during) expect(await d.redis.pttl(key), key).toBeGreaterThan(0);
    expect((await reconcileSession(d, sessionId, false, { settleMs: 0 })).mismatchCount).toBe(0);

    await new Promise((r) => setTimeout(r, Math.max(0, goesAt - Date.now()) + 500));
    d.setNow(Date.now());
    // Redis expires keys lazily on access and in its background cycle: EXISTS is an access.
    expect(await keysOf(sessionId)).toEqual([]);
    // Check-in reads the ticket and the session from DynamoDB.
    expect(await outcome(checkIn(d, ticket.qrPayload, sessionId))).toBe('OK');
    expect(await outcome(reconcileSession(d, sessionId, false, { settleMs: 0 }))).toBe('INVALID_STATE:ENDED');
    // A hold on the ended show is refused without bringing its data back.
    await d.buyerCache.replace(user.userId, [
      { buyerId: 'b0', idType: 1, name: '张*', idNumber: '1101**********1234' },
    ]);
    expect(
      await outcome(
        createHold(
          d,
          user,
          sessionId,
          { tierId: 'B', count: 1, buyerIds: ['b0'] },
          { admissionToken: undefined },
        ),
      ),
    ).toMatch(/^INVALID_STATE|^SALE_CLOSED/);
    expect(await keysOf(sessionId)).toEqual([]);
  });

  it('keeps the data of a session that is opened again before it goes', async () => {
    const { layout } = await endedShowWithATicket();
    d.config.sessionDataGraceSeconds = 3_600;
    await sweepExpiredHolds(d);
    const k = sessionKeys(layout.sessionId);
    expect(await d.redis.pttl(k.states)).toBeGreaterThan(0);
    // The organiser moves the show a day later and opens its sale again.
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const session = (await d.catalogue.getSession(layout.sessionId))!;
    await d.catalogue.putSessionAndProgram(
      {
        ...session,
        status: 'CLOSED',
        startsAt: later,
        saleClosesAt: later,
        layout: { ...session.layout, startsAt: later },
      },
      (await d.catalogue.getProgram(layout.programId))!,
    );
    await openSession(d, layout.sessionId, false);
    for (const key of await keysOf(layout.sessionId)) expect(await d.redis.pttl(key), key).toBe(-1);
  });
});
