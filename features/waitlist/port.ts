import type { Clock } from '#kernel/clock.ts';
import type { EventBus } from '#kernel/events.ts';
import type { SessionLayout } from '#kernel/session-layout.ts';
import type { WaitlistRecord, WaitlistStatus } from './schema.ts';

export interface WaitlistRecords {
  create(entry: WaitlistRecord): Promise<void>;
  get(waitlistId: string): Promise<WaitlistRecord | undefined>;
  /** Conditional on the entry being WAITING; false when it was not. */
  update(
    waitlistId: string,
    to: WaitlistStatus,
    set: Partial<Pick<WaitlistRecord, 'offeredAt' | 'offerExpiresAt' | 'holdId' | 'closedReason'>>,
  ): Promise<boolean>;
}

/** The order of a tier's waitlist (Redis: one sorted set per session tier). */
export interface WaitlistQueue {
  join(
    sessionId: string,
    tierId: string,
    userId: string,
    newId: string,
  ): Promise<{ waitlistId: string; position: number; joined: boolean }>;
  position(sessionId: string, tierId: string, waitlistId: string): Promise<number | undefined>;
  /** The first entries, with their join sequence. */
  head(sessionId: string, tierId: string, n: number): Promise<{ waitlistId: string; seq: number }[]>;
  /** Takes an entry out; true for exactly one caller (the claim). */
  take(sessionId: string, tierId: string, userId: string, waitlistId: string): Promise<boolean>;
  /** Puts a claimed entry back at its place (its offer could not be made). */
  putBack(sessionId: string, tierId: string, userId: string, waitlistId: string, seq: number): Promise<void>;
}

/** The seats a waitlist entry asks for. */
export interface WaitlistRequest {
  tierId: string;
  count: number;
  buyerIds?: string[] | undefined;
}

/**
 * What the waitlist asks of holds, which own the rules of a request for seats and the placing
 * of a hold (composed by the app from the holds' use cases).
 */
export interface HoldsForWaitlist {
  /** Refuses, as a hold would, a request for an unknown tier, over the user's limit, or with buyers not one per seat or not the user's. */
  vet(userId: string, layout: SessionLayout, request: WaitlistRequest): Promise<void>;
  /** Places a hold for a user who waited in line (no waiting room, no buy rate limit of theirs). */
  placeFor(
    userId: string,
    sessionId: string,
    request: Required<WaitlistRequest>,
  ): Promise<{ holdId: string; expiresAt: string }>;
  /** Gives a hold placed for an offer back (the user left while it was made). */
  giveBack(sessionId: string, holdId: string, nowMs: number): Promise<void>;
  /** When a hold placed now would expire: how long an offer without one lasts too. */
  expiresAt(nowMs: number): string;
}

/** What the waitlist reads of a session on sale. */
export interface SessionsForWaitlist {
  /** The session's layout while it is on sale (Redis), else undefined. */
  layout(sessionId: string): Promise<SessionLayout | undefined>;
  /** Available seats per tier while on sale. */
  available(sessionId: string, tierId: string): Promise<number>;
  /** The durable session, for the status a session not on sale is in. */
  status(sessionId: string): Promise<string | undefined>;
}

/** What the waitlist's rules run on. */
export interface WaitlistDeps {
  waitlist: WaitlistRecords;
  waitlistQueue: WaitlistQueue;
  waitlistSessions: SessionsForWaitlist;
  waitlistHolds: HoldsForWaitlist;
  events: EventBus;
  clock: Clock;
}
