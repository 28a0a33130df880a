import { DomainError, notFound } from '#kernel/errors.ts';
import { newId } from '#kernel/ids.ts';
import { logger } from '#kernel/observability/logger.ts';
import { ownedBy } from '#kernel/ownership.ts';
import type { Principal } from '#kernel/principal.ts';
import type { WaitlistDeps, WaitlistRequest } from './port.ts';
import type { WaitlistRecord } from './schema.ts';

/**
 * `POST /v1/sessions/{id}/waitlist`: queue for a sold-out tier. With `buyerIds`, the offer
 * when seats come back is a hold placed for the user (order it like any hold); without, a
 * notification. One entry per user and tier: joining again returns it (`joined: false`).
 */
export async function joinWaitlist(
  d: WaitlistDeps,
  principal: Principal,
  sessionId: string,
  input: WaitlistRequest,
) {
  const layout = await d.waitlistSessions.layout(sessionId);
  if (!layout) {
    const status = await d.waitlistSessions.status(sessionId);
    if (status === undefined) throw notFound('Session');
    throw new DomainError('INVALID_STATE', 'The session is not on sale', { status });
  }
  // What a hold of these seats would refuse, the holds' rules say (tier, limits, buyers).
  await d.waitlistHolds.vet(principal.userId, layout, input);
  const remaining = await d.waitlistSessions.available(sessionId, input.tierId);
  if (remaining >= input.count) {
    throw new DomainError('INVALID_STATE', 'Seats of this tier are on sale: hold them instead', {
      reason: 'SEATS_AVAILABLE',
      remaining,
    });
  }
  const now = d.clock.now();
  const queued = await d.waitlistQueue.join(sessionId, input.tierId, principal.userId, newId('w', now));
  if (queued.joined) {
    const entry: WaitlistRecord = {
      waitlistId: queued.waitlistId,
      userId: principal.userId,
      sessionId,
      tierId: input.tierId,
      count: input.count,
      ...(input.buyerIds ? { buyerIds: input.buyerIds } : {}),
      status: 'WAITING',
      createdAt: new Date(now).toISOString(),
    };
    await d.waitlist.create(entry).catch(async (err: unknown) => {
      // No durable entry, no place in the queue: the client's retry starts clean.
      await d.waitlistQueue.take(sessionId, input.tierId, principal.userId, queued.waitlistId);
      throw err;
    });
  }
  return {
    waitlistId: queued.waitlistId,
    position: queued.position,
    status: 'WAITING' as const,
    joined: queued.joined,
  };
}

async function ownEntry(d: WaitlistDeps, principal: Principal, waitlistId: string): Promise<WaitlistRecord> {
  return ownedBy(principal, await d.waitlist.get(waitlistId), 'Waitlist entry');
}

function entryView(entry: WaitlistRecord, position: number | undefined) {
  const { userId: _u, buyerIds, ...rest } = entry;
  return {
    ...rest,
    buyers: buyerIds?.length ?? 0,
    position: entry.status === 'WAITING' ? (position ?? null) : null,
  };
}

/** `GET /v1/waitlist/{id}`: the caller's entry, with its live position while waiting. */
export async function getWaitlistEntry(d: WaitlistDeps, principal: Principal, waitlistId: string) {
  const entry = await ownEntry(d, principal, waitlistId);
  const position =
    entry.status === 'WAITING'
      ? await d.waitlistQueue.position(entry.sessionId, entry.tierId, waitlistId)
      : undefined;
  return entryView(entry, position);
}

/** `DELETE /v1/waitlist/{id}`: leave (idempotent); an entry already offered or closed cannot be left. */
export async function leaveWaitlist(
  d: WaitlistDeps,
  principal: Principal,
  waitlistId: string,
): Promise<void> {
  const entry = await ownEntry(d, principal, waitlistId);
  if (entry.status === 'WAITING' && (await d.waitlist.update(waitlistId, 'LEFT', {}))) {
    await d.waitlistQueue.take(entry.sessionId, entry.tierId, entry.userId, waitlistId);
    return;
  }
  // Not waiting, or it stopped waiting just now: leaving twice is fine, an offer cannot be left.
  const current = entry.status === 'WAITING' ? await d.waitlist.get(waitlistId) : entry;
  if (current?.status === 'LEFT') return;
  throw new DomainError('INVALID_STATE', 'This waitlist entry is no longer waiting', {
    status: current?.status,
  });
}

/** Errors that mean "the seats went to someone else first": the entry keeps its place. */
const SEATS_GONE = new Set(['SOLD_OUT', 'NO_ADJACENT_SEATS', 'SEAT_UNAVAILABLE']);

/** How many entries one release looks at per tier (a release frees at most one order's seats). */
const HEAD = 20;

/**
 * The `SeatsReleased` target: offers the session's released seats to the waitlists, first
 * come first served per tier. An entry is claimed by taking it out of the queue (one winner
 * however many releases run at once), then served: a hold placed for the user (entries with
 * buyers) or a notification. An entry that does not fit what is left keeps its place; later
 * entries that fit are served (a request for 4 does not block one for 2).
 */
export async function offerReleasedSeats(d: WaitlistDeps, sessionId: string) {
  const layout = await d.waitlistSessions.layout(sessionId);
  if (!layout) return { offered: 0, closed: 0 };
  let offered = 0;
  let closed = 0;
  for (const tier of layout.tiers) {
    let available = await d.waitlistSessions.available(sessionId, tier.tierId);
    const head = available > 0 ? await d.waitlistQueue.head(sessionId, tier.tierId, HEAD) : [];
    for (const { waitlistId, seq } of head) {
      if (available <= 0) break;
      const entry = await d.waitlist.get(waitlistId);
      if (entry?.status !== 'WAITING') {
        // Left or served already: drop the stale queue member.
        if (entry) await d.waitlistQueue.take(sessionId, tier.tierId, entry.userId, waitlistId);
        continue;
      }
      if (entry.count > available) continue;
      if (!(await d.waitlistQueue.take(sessionId, tier.tierId, entry.userId, waitlistId))) continue;
      const outcome = await serve(d, entry);
      if (outcome === 'seats-gone') {
        await d.waitlistQueue.putBack(sessionId, tier.tierId, entry.userId, waitlistId, seq);
        break;
      }
      if (outcome === 'offered') {
        offered++;
        available -= entry.count;
      } else closed++;
    }
  }
  return { offered, closed };
}

async function serve(d: WaitlistDeps, entry: WaitlistRecord): Promise<'offered' | 'closed' | 'seats-gone'> {
  const now = d.clock.now();
  let holdId: string | undefined;
  let offerExpiresAt = d.waitlistHolds.expiresAt(now);
  if (entry.buyerIds) {
    try {
      const hold = await d.waitlistHolds.placeFor(entry.userId, entry.sessionId, {
        tierId: entry.tierId,
        count: entry.count,
        buyerIds: entry.buyerIds,
      });
      holdId = hold.holdId;
      offerExpiresAt = hold.expiresAt;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (SEATS_GONE.has(err.code)) return 'seats-gone';
      // The user can no longer be served (limit reached meanwhile, a buyer removed): close it.
      await d.waitlist.update(entry.waitlistId, 'CLOSED', { closedReason: err.code });
      logger.info('waitlist entry closed', { waitlistId: entry.waitlistId, reason: err.code });
      return 'closed';
    }
  }
  const set = { offeredAt: new Date(now).toISOString(), offerExpiresAt, ...(holdId ? { holdId } : {}) };
  if (!(await d.waitlist.update(entry.waitlistId, 'OFFERED', set))) {
    // The user left while we served: give the seats straight back.
    if (holdId) await d.waitlistHolds.giveBack(entry.sessionId, holdId, now).catch(() => undefined);
    return 'closed';
  }
  await d.events.publish([
    {
      type: 'WaitlistOffered',
      detail: {
        waitlistId: entry.waitlistId,
        userId: entry.userId,
        sessionId: entry.sessionId,
        tierId: entry.tierId,
        count: entry.count,
        offerExpiresAt,
        ...(holdId ? { holdId } : {}),
      },
    },
  ]);
  return 'offered';
}
