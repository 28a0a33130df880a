import { type AbuseConfig, rateRefused } from '#features/abuse/index.ts';
import { type BuyerSummary, warmBuyerCache } from '#features/users/index.ts';
import { requireAdmission } from '#features/waiting-room/index.ts';
import { DomainError, isRefusal, notFound } from '#kernel/errors.ts';
import { newHoldId, sessionOfHold } from '#kernel/ids.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import { ownedBy } from '#kernel/ownership.ts';
import type { Principal } from '#kernel/principal.ts';
import type { SeatRef, SessionGeometry, SessionLayout } from '#kernel/session-layout.ts';
import { CircuitOpenError } from '#platform/resilience/circuit-breaker.ts';
import { isDependencyFailure } from '#platform/resilience/dependency-failure.ts';
import type { HoldInput } from '#shared/api/schemas.ts';
import type { Deps } from '#shared/app/deps.ts';
import { holdExpiresAtMs } from '#shared/booking/hold-policy.ts';
import { forgetProgramSeats, reserveProgramSeats } from '#shared/booking/program-limits.ts';
import { publishAfterCommit } from '#shared/booking/publish.ts';
import { type HealDeps, healVanishedSession, inventoryMissing } from '#shared/booking/self-heal.ts';
import type { HoldRecord, SeatPick } from '#shared/ports/seat-inventory.ts';

export type HoldDeps = Pick<
  Deps,
  | 'inventory'
  | 'programLimits'
  | 'buyerCache'
  | 'buyers'
  | 'pii'
  | 'scheduler'
  | 'clock'
  | 'soldOut'
  | 'events'
  | 'queueGate'
  | 'admissionTokens'
> &
  HealDeps & {
    config: Pick<Deps['config'], 'holdTtlSeconds'> & { abuse: Pick<AbuseConfig, 'expiredHolds' | 'rates'> };
  };

/** One row, no gap: what a best-available pick across rows answers `false` to. */
function seatsTogether(seats: readonly SeatRef[]): boolean {
  if (seats.length === 0) return false;
  const row = seats[0]!.rowIdx;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of seats) {
    if (s.rowIdx !== row) return false;
    lo = Math.min(lo, s.seatIdx);
    hi = Math.max(hi, s.seatIdx);
  }
  return hi - lo + 1 === seats.length;
}

function holdView(geometry: SessionGeometry, hold: HoldRecord, nowMs: number) {
  // An ACTIVE hold past its expiry is expired for the client even before the release runs.
  const status = hold.status === 'ACTIVE' && hold.expiresAtMs <= nowMs ? 'EXPIRED' : hold.status;
  return {
    holdId: hold.holdId,
    sessionId: hold.sessionId,
    status,
    seats: hold.seats.map((s, i) => ({ ...geometry.seatView(s.seatIdx), buyerId: hold.buyerIds[i] ?? null })),
    together: seatsTogether(hold.seats),
    totalCents: hold.totalCents,
    orderNumber: hold.orderNumber ?? null,
    createdAt: new Date(hold.createdAtMs).toISOString(),
    expiresAt: new Date(hold.expiresAtMs).toISOString(),
  };
}

function throwIfRecentlySoldOut(
  d: HoldDeps,
  sessionId: string,
  geometry: SessionGeometry,
  pick: SeatPick,
  input: HoldInput,
) {
  if (pick.kind === 'auto') {
    if (d.soldOut.isSoldOut(sessionId, pick.tierId)) {
      throw new DomainError('SOLD_OUT', 'Not enough seats left in this tier', { remaining: 0 });
    }
    return;
  }
  // Named seats all in tiers with nothing left: every one of them is held or sold.
  const tiers = new Set(pick.seats.map((s) => geometry.rows[s.rowIdx]!.tierId));
  if ([...tiers].every((t) => d.soldOut.isSoldOut(sessionId, t)) && 'seatIds' in input) {
    throw new DomainError('SEAT_UNAVAILABLE', 'Some seats are no longer available', {
      seatIds: input.seatIds,
    });
  }
}

async function onSaleGeometry(d: HoldDeps, sessionId: string): Promise<SessionGeometry> {
  const geometry = await d.inventory.geometry(sessionId);
  if (!geometry) throw new DomainError('NOT_FOUND', 'No session on sale with this id');
  return geometry;
}

/** Who a hold is for: the caller, or a user the system holds for (a waitlist offer). */
export type HoldUser = Pick<Principal, 'userId'>;

function assertOneBuyerPerSeat(seats: number, buyers: number): void {
  if (buyers !== seats)
    throw new DomainError('BUYER_COUNT_MISMATCH', 'Send one buyer per seat', { seats, buyers });
}

/**
 * The hold rules a request for `count` seats of one tier meets before any seat is looked at:
 * a tier of the session, no more than the user may hold of it in one order, and (when it names
 * buyers) one buyer per seat, each the user's. The waitlist vets an entry with them when it is
 * joined, so that the hold its offer places later is refused only for what changed meanwhile.
 */
export async function vetTierRequest(
  d: Pick<HoldDeps, 'buyers'>,
  user: HoldUser,
  layout: Pick<SessionLayout, 'tiers' | 'maxPerOrder'>,
  request: { tierId: string; count: number; buyerIds?: readonly string[] | undefined },
): Promise<void> {
  const tier = layout.tiers.find((t) => t.tierId === request.tierId);
  if (!tier) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown tier', {
      fields: [{ path: 'body.tierId', message: 'no such tier in this session' }],
    });
  }
  const limit = Math.min(tier.perUserLimit, layout.maxPerOrder);
  if (request.count > limit) {
    throw new DomainError('PURCHASE_LIMIT_EXCEEDED', `At most ${limit} seats of this tier per user`, {
      tierId: tier.tierId,
      limit,
    });
  }
  if (!request.buyerIds) return;
  assertOneBuyerPerSeat(request.count, request.buyerIds.length);
  const own = new Set((await d.buyers.list(user.userId)).map((b) => b.buyerId));
  const foreign = request.buyerIds.filter((b) => !own.has(b));
  if (foreign.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown buyers', {
      fields: [{ path: 'body.buyerIds', message: `not your buyers: ${foreign.join(', ')}` }],
    });
  }
}

/**
 * Who asks for the hold. A user's request passes the session's waiting room with their
 * admission token and counts against their buy rate limit (unless the order path counted it
 * already); the system holding for a user who already waited (a waitlist offer) does neither.
 */
export type HoldOrigin = { admissionToken: string | undefined; rateCounted?: true } | { system: true };

/**
 * Hold seats (the hot path; no DynamoDB read when caches are warm):
 *  0. a session with its waiting room on needs the caller's admission token (no I/O);
 *  1. session layout from the in-process cache (Redis on a cold start);
 *  2. seat ids → seat/row indexes; one buyer per seat;
 *  3. a tier this container saw sell out moments ago answers SOLD_OUT at once;
 *  4. the user's buy rate limit (a request refused in 0–3 reached no shared store, so it does
 *     not count), together with the buyer check (one HMGET on the Redis buyer cache): two
 *     slots, one round trip of latency;
 *  5. one Lua script checks everything and writes the hold atomically;
 *  6. schedule the release at expiry (a failure is logged: the sweeper releases it anyway).
 */
async function placeHold(
  d: HoldDeps,
  principal: HoldUser,
  sessionId: string,
  input: HoldInput,
  origin: HoldOrigin,
) {
  if (!('system' in origin)) await requireAdmission(d, principal, sessionId, origin.admissionToken);
  const geometry = await onSaleGeometry(d, sessionId);
  let pick: SeatPick;
  let count: number;
  if ('seatIds' in input) {
    const unknown: string[] = [];
    const seats: SeatRef[] = [];
    for (const id of input.seatIds) {
      const ref = geometry.parseSeatId(id);
      if (ref) seats.push(ref);
      else unknown.push(id);
    }
    if (unknown.length > 0) {
      throw new DomainError('VALIDATION_FAILED', 'Unknown seats', {
        fields: [{ path: 'body.seatIds', message: `no such seats: ${unknown.join(', ')}` }],
        seatIds: unknown,
      });
    }
    pick = { kind: 'seats', seats };
    count = seats.length;
  } else {
    pick = { kind: 'auto', tierId: input.tierId, count: input.count, ...(input.best ? { best: true } : {}) };
    count = input.count;
  }
  assertOneBuyerPerSeat(count, input.buyerIds.length);
  throwIfRecentlySoldOut(d, sessionId, geometry, pick, input);
  const oneTicketPerId = geometry.layout.realName === 'ONE_PER_ID';
  let buyers: (BuyerSummary | null)[] | undefined;
  if ('system' in origin || origin.rateCounted) {
    buyers = await d.buyerCache.lookup(principal.userId, input.buyerIds);
  } else {
    // The user's buy limit rides on the buyer check: same slot, one script, no extra round trip.
    const policy = d.config.abuse.rates.USER_BUY;
    const checked = await d.buyerCache.lookupCounted(principal.userId, input.buyerIds, policy, d.clock.now());
    if (checked.limited) throw rateRefused(policy, checked.retryAfterMs);
    buyers = checked.buyers;
  }
  // A cold cache (evicted, Redis lost it), one without a buyer just added elsewhere, or one
  // written before buyers carried their id hash, is rebuilt once from the durable record;
  // logins, program views and buyer changes keep it warm, so the hot path rarely gets here.
  if (buyers === undefined || buyers.some((b) => b === null || (oneTicketPerId && !b.idHash))) {
    logger.warn('buyer cache miss on hold path', { userId: principal.userId });
    const warm = await warmBuyerCache(d, principal.userId);
    buyers = input.buyerIds.map((b) => warm.get(b) ?? null);
  }
  const foreign = input.buyerIds.filter((_, i) => buyers[i] === null);
  if (foreign.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown buyers', {
      fields: [{ path: 'body.buyerIds', message: `not your buyers: ${foreign.join(', ')}` }],
    });
  }
  const idHashes = oneTicketPerId ? buyers.map((b) => b?.idHash ?? '') : undefined;
  const nowMs = d.clock.now();
  const holdId = newHoldId(sessionId);
  const expiresAtMs = holdExpiresAtMs(d.config.holdTtlSeconds, nowMs);
  const reserved = await reserveProgramSeats(d, geometry, {
    userId: principal.userId,
    holdId,
    pick,
    nowMs,
    expiresAtMs,
  });
  const held = await d.inventory
    .hold({
      sessionId,
      holdId,
      userId: principal.userId,
      nowMs,
      expiresAtMs,
      expectedTotalCents: input.expectedTotalCents,
      buyerIds: input.buyerIds,
      pick,
      idHashes,
      slowdown: d.config.abuse.expiredHolds,
    })
    .catch(async (err: unknown) => {
      if (
        err instanceof DomainError &&
        err.code === 'SOLD_OUT' &&
        err.details?.remaining === 0 &&
        pick.kind === 'auto'
      ) {
        d.soldOut.mark(sessionId, pick.tierId);
      }
      if (!(err instanceof DomainError) && !(err instanceof CircuitOpenError) && isDependencyFailure(err)) {
        // The outcome is unknown: a frozen node may still run the hold when it wakes. A
        // release of the same hold id, sent now on the same connection (past the breaker,
        // which this very failure may just have opened), runs right after it there, so a hold
        // the buyer was told failed (503) never keeps seats. Not awaited: the buyer's answer
        // does not wait for a node that is not answering. A hold the open circuit refused was
        // never sent: nothing to release.
        d.inventory
          .release(sessionId, holdId, { reason: 'RELEASED', nowMs, behind: true })
          .catch(() => undefined);
      }
      if (reserved) await d.programLimits.forget(principal.userId, geometry.layout.programId, holdId);
      throw err;
    });
  try {
    await d.scheduler.schedule({ sessionId, holdId }, expiresAtMs);
  } catch (error) {
    logger.warn('could not schedule hold expiry; the sweeper will release it', {
      holdId,
      error: error as Error,
    });
  }
  const hold: HoldRecord = {
    holdId,
    sessionId,
    userId: principal.userId,
    status: 'ACTIVE',
    seats: held.seats,
    buyerIds: input.buyerIds,
    totalCents: held.totalCents,
    createdAtMs: nowMs,
    expiresAtMs,
  };
  return { hold, geometry, buyers: buyers.filter((b) => b !== null), nowMs };
}

/** A hold; a session whose inventory vanished from Redis is rebuilt (503 meanwhile: self-heal.ts). */
async function placeOrHeal(
  d: HoldDeps,
  principal: HoldUser,
  sessionId: string,
  input: HoldInput,
  origin: HoldOrigin,
): ReturnType<typeof placeHold> {
  try {
    return await placeHold(d, principal, sessionId, input, origin);
  } catch (err) {
    if (inventoryMissing(err)) await healVanishedSession(d, sessionId, err as DomainError);
    throw err;
  }
}

/** Counts a hold attempt once: HoldSucceeded, HoldRefused (an expected outcome) or HoldErrored. */
async function counted<T>(attempt: Promise<T>): Promise<T> {
  try {
    const result = await attempt;
    count('HoldSucceeded');
    return result;
  } catch (err) {
    const refused = isRefusal(err);
    count(refused ? 'HoldRefused' : 'HoldErrored');
    throw err;
  }
}

/**
 * POST /v1/sessions/{id}/holds. Attempts are counted (HoldErrored feeds the error-rate alarm;
 * refusals such as taken or sold out are expected outcomes).
 */
export async function createHold(
  d: HoldDeps,
  principal: Principal,
  sessionId: string,
  input: HoldInput,
  origin: HoldOrigin,
) {
  const placed = await counted(placeOrHeal(d, principal, sessionId, input, origin));
  return holdView(placed.geometry, placed.hold, placed.nowMs);
}

/**
 * A hold the system places for a user who waited in the waitlist: no waiting room, no buy
 * rate limit of theirs; every other rule of a hold applies (limits, buyers, real names).
 */
export async function holdForWaitingUser(
  d: HoldDeps,
  user: HoldUser,
  sessionId: string,
  request: { tierId: string; count: number; buyerIds: string[] },
): Promise<{ holdId: string; expiresAt: string }> {
  const placed = await counted(placeOrHeal(d, user, sessionId, request, { system: true }));
  return { holdId: placed.hold.holdId, expiresAt: new Date(placed.hold.expiresAtMs).toISOString() };
}

/** The same hold for the one-step order: the record and the buyers' masked summaries, no re-read. */
export async function createHoldForOrder(
  d: HoldDeps,
  principal: Principal,
  sessionId: string,
  input: HoldInput,
  origin: HoldOrigin,
) {
  const placed = await counted(placeOrHeal(d, principal, sessionId, input, origin));
  return { hold: placed.hold, buyers: placed.buyers };
}

/** The caller's hold (Redis); another user's hold is "not found", never its data. */
export async function ownHold(
  d: Pick<HoldDeps, 'inventory'>,
  principal: Principal,
  holdId: string,
): Promise<HoldRecord> {
  const sessionId = sessionOfHold(holdId);
  return ownedBy(principal, sessionId ? await d.inventory.getHold(sessionId, holdId) : undefined, 'Hold');
}

export async function getHold(d: HoldDeps, principal: Principal, holdId: string) {
  const hold = await ownHold(d, principal, holdId);
  return holdView(await onSaleGeometry(d, hold.sessionId), hold, d.clock.now());
}

/** The holder lets go: seats back on sale at once, the expiry schedule dropped, SeatsReleased published. Repeating it is fine. */
export async function releaseHold(d: HoldDeps, principal: Principal, holdId: string): Promise<void> {
  const sessionId = sessionOfHold(holdId);
  if (!sessionId) throw notFound('Hold');
  const outcome = await d.inventory.release(sessionId, holdId, {
    reason: 'RELEASED',
    requesterUserId: principal.userId,
    nowMs: d.clock.now(),
  });
  if (outcome.kind === 'not-found') throw notFound('Hold');
  if (outcome.kind === 'ordered') {
    throw new DomainError('INVALID_STATE', 'The hold belongs to an order now; cancel the order instead', {
      status: 'ORDERED',
      orderNumber: outcome.orderNumber,
    });
  }
  if (outcome.kind === 'already-ended' && outcome.status !== 'RELEASED') {
    throw new DomainError('INVALID_STATE', `The hold is already ${outcome.status.toLowerCase()}`, {
      status: outcome.status,
    });
  }
  if (outcome.kind === 'released') {
    await forgetProgramSeats(d, sessionId, principal.userId, holdId);
    await d.scheduler.cancel(holdId).catch((error: unknown) => {
      logger.warn('could not delete the expiry schedule; it will find the hold ended', {
        holdId,
        error: error as Error,
      });
    });
    await publishAfterCommit(d, [
      { type: 'SeatsReleased', detail: { sessionId, holdId, reason: 'RELEASED', seats: outcome.freedSeats } },
    ]);
  }
}
