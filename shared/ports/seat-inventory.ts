import type { InventoryForSessions } from '#features/sessions/index.ts';
import type { SeatRef, SessionLayout } from '#kernel/session-layout.ts';

export interface SeatOfTier extends SeatRef {
  tierId: string;
}

/**
 * Named seats, or `count` seats of a tier picked by the inventory: the best placement
 * together (nearest the section's focal point, no avoidable orphan seat); with `best`,
 * across rows in the fewest groups when no row can take them together.
 */
export type SeatPick =
  | { kind: 'seats'; seats: SeatRef[] }
  | { kind: 'auto'; tierId: string; count: number; best?: true };

export interface HoldCommand {
  sessionId: string;
  holdId: string;
  userId: string;
  nowMs: number;
  expiresAtMs: number;
  expectedTotalCents?: number | undefined;
  buyerIds: string[];
  pick: SeatPick;
  /** Keyed hashes of the buyers' id numbers, in buyer order: required on ONE_PER_ID sessions. */
  idHashes?: string[];
  /** Slow down a user whose holds keep expiring: after `afterExpired`, wait `firstCooldownMs`, doubling. */
  slowdown?: { afterExpired: number; firstCooldownMs: number };
}

export interface HeldSeats {
  seats: SeatRef[];
  totalCents: number;
}

export const HOLD_STATUSES = ['ACTIVE', 'EXPIRED', 'RELEASED', 'CONFIRMED'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export interface HoldRecord {
  holdId: string;
  sessionId: string;
  userId: string;
  status: HoldStatus;
  seats: SeatRef[];
  buyerIds: string[];
  totalCents: number;
  createdAtMs: number;
  expiresAtMs: number;
  endedAtMs?: number;
  /** Set once an order took the hold over: only the order flow may end it then. */
  orderNumber?: string;
}

export type ReleaseReason = 'RELEASED' | 'EXPIRED';

export type ReleaseOutcome =
  | { kind: 'released'; freedSeats: number }
  | { kind: 'not-found' }
  | { kind: 'already-ended'; status: HoldStatus }
  | { kind: 'not-expired-yet'; expiresAtMs: number }
  | { kind: 'ordered'; orderNumber: string };

export type MarkOrderedOutcome =
  | { kind: 'marked' }
  | { kind: 'not-found' }
  | { kind: 'not-active'; status: HoldStatus }
  | { kind: 'expired' }
  | { kind: 'ordered-elsewhere'; orderNumber: string };

/**
 * Seat inventory of on-sale sessions: the hot path. Production and local: Redis + lua/. What
 * sessions ask of it (loading, the sale window, counts, the seat map, reconcile, its data's
 * lifetime) is `InventoryForSessions`; the holds' operations are below.
 */
export interface SeatInventory extends InventoryForSessions {
  hold(cmd: HoldCommand): Promise<HeldSeats>;
  /**
   * `behind`: sent even while the dependency's circuit is open, on the same connection as an
   * earlier hold whose outcome is unknown, so that it runs right after it.
   */
  release(
    sessionId: string,
    holdId: string,
    opts: { reason: ReleaseReason; requesterUserId?: string; nowMs: number; behind?: boolean },
  ): Promise<ReleaseOutcome>;
  getHold(sessionId: string, holdId: string): Promise<HoldRecord | undefined>;
  /** Hands an ACTIVE hold of this user over to an order (idempotent for the same order). */
  markOrdered(
    sessionId: string,
    holdId: string,
    userId: string,
    orderNumber: string,
    nowMs: number,
  ): Promise<MarkOrderedOutcome>;
  /** A paid order's seats HELD → SOLD (from the order's seat list); the hold becomes CONFIRMED. */
  confirm(
    sessionId: string,
    holdId: string,
    userId: string,
    seats: SeatOfTier[],
    nowMs: number,
    idHashes?: string[],
  ): Promise<{ soldNow: number; drift: number }>;
  /** A refunded order's seats SOLD → AVAILABLE if still its own; limits and id numbers given back. */
  refund(
    sessionId: string,
    holdId: string,
    userId: string,
    seats: SeatOfTier[],
    idHashes?: string[],
  ): Promise<number>;
  /**
   * Gives the hold back to its holder when the order could not be queued: 'unmarked', or
   * 'claimed' when the order writer got the message after all (the order stands), or
   * 'not-marked' when this order does not hold it.
   */
  unmarkOrdered(
    sessionId: string,
    holdId: string,
    orderNumber: string,
  ): Promise<'unmarked' | 'claimed' | 'not-marked'>;
  /**
   * The order writer's claim before writing (lua/claimHoldForOrder): 'claimed' (write),
   * 'no-hold' (Redis lost the record: write, DynamoDB guards the seats) or 'given-back' (the
   * order flow answered 503 and gave the hold back: drop the message).
   */
  claimForOrder(
    sessionId: string,
    holdId: string,
    orderNumber: string,
  ): Promise<'claimed' | 'no-hold' | 'given-back'>;
  /** The status of each hold record Redis still has (absent: no record). */
  holdStatuses(sessionId: string, holdIds: string[]): Promise<Map<string, HoldStatus>>;
  layout(sessionId: string): Promise<SessionLayout | undefined>;
  /**
   * Takes a session out of openSessions once its sale is over (closed, cancelled or past its
   * closing time) and no hold in it is live; a reopen puts it back. True when retired.
   */
  retireIfEnded(sessionId: string, nowMs: number): Promise<boolean>;
  overdueHolds(sessionId: string, nowMs: number, limit: number): Promise<string[]>;
  /** Drops an expiry-index entry whose hold is gone or already ended (sweeper hygiene). */
  forgetExpiry(sessionId: string, holdId: string): Promise<void>;
}
