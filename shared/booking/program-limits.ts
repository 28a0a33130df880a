import { DomainError } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import type { SessionGeometry } from '#kernel/session-layout.ts';
import type { Deps } from '#shared/app/deps.ts';
import type { OrderRecord } from '#shared/ports/orders.ts';
import type { TierWant } from '#shared/ports/program-limits.ts';
import type { SeatPick } from '#shared/ports/seat-inventory.ts';

type LimitDeps = Pick<Deps, 'programLimits' | 'inventory'>;

const limitedTiers = (geometry: SessionGeometry): Map<string, number> =>
  new Map(
    geometry.layout.tiers.flatMap((t) => (t.perProgramLimit ? [[t.tierId, t.perProgramLimit] as const] : [])),
  );

/** Seats per tier of a pick, for the tiers that have a per-program limit. */
function tierWants(geometry: SessionGeometry, pick: SeatPick): TierWant[] {
  const limits = limitedTiers(geometry);
  if (limits.size === 0) return [];
  const want = new Map<string, number>();
  if (pick.kind === 'auto') want.set(pick.tierId, pick.count);
  else
    for (const s of pick.seats) {
      const tierId = geometry.rows[s.rowIdx]!.tierId;
      want.set(tierId, (want.get(tierId) ?? 0) + 1);
    }
  return [...want].flatMap(([tierId, n]) =>
    limits.has(tierId) ? [{ tierId, want: n, limit: limits.get(tierId)! }] : [],
  );
}

/**
 * Before the hold script: reserve the pick's seats against per-program tier limits (no call
 * when no tier of the session has one). Returns whether anything was reserved, so a failed
 * hold can forget it; over the limit is 422 PURCHASE_LIMIT_EXCEEDED with `scope: PROGRAM`.
 */
export async function reserveProgramSeats(
  d: Pick<Deps, 'programLimits'>,
  geometry: SessionGeometry,
  r: { userId: string; holdId: string; pick: SeatPick; nowMs: number; expiresAtMs: number },
): Promise<boolean> {
  const tiers = tierWants(geometry, r.pick);
  if (tiers.length === 0) return false;
  const outcome = await d.programLimits.reserve({ ...r, programId: geometry.layout.programId, tiers });
  if (!outcome.ok) {
    throw new DomainError('PURCHASE_LIMIT_EXCEEDED', 'Purchase limit for this show reached', {
      tierId: outcome.tierId,
      limit: outcome.limit,
      alreadyHeldOrBought: outcome.used,
      scope: 'PROGRAM',
    });
  }
  return true;
}

/**
 * The hold or its order ended early (released, cancelled, failed, refunded): its seats stop
 * counting at once. Best effort: if this fails the reservation still lapses at the hold's expiry.
 */
export async function forgetProgramSeats(
  d: LimitDeps,
  sessionId: string,
  userId: string,
  holdId: string,
): Promise<void> {
  const geometry = await d.inventory.geometry(sessionId);
  if (!geometry || limitedTiers(geometry).size === 0) return;
  await d.programLimits.forget(userId, geometry.layout.programId, holdId).catch((error: unknown) => {
    logger.warn('could not forget a per-program reservation; it lapses at the hold expiry', {
      holdId,
      error: error as Error,
    });
  });
}

/** A paid order's seats count against per-program limits until it is refunded. */
export async function keepProgramSeats(d: LimitDeps, order: OrderRecord): Promise<void> {
  const geometry = await d.inventory.geometry(order.sessionId);
  const limits = geometry ? limitedTiers(geometry) : new Map<string, number>();
  if (!geometry || limits.size === 0) return;
  const seats = new Map<string, number>();
  for (const l of order.lines) if (limits.has(l.tierId)) seats.set(l.tierId, (seats.get(l.tierId) ?? 0) + 1);
  if (seats.size === 0) return;
  await d.programLimits.keep(
    order.userId,
    geometry.layout.programId,
    order.holdId,
    [...seats].map(([tierId, n]) => ({ tierId, seats: n })),
  );
}
