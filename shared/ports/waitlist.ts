export type WaitlistStatus = 'WAITING' | 'OFFERED' | 'LEFT' | 'CLOSED';

/** A waitlist entry, the durable record (DynamoDB). */
export interface WaitlistRecord {
  waitlistId: string;
  userId: string;
  sessionId: string;
  tierId: string;
  count: number;
  /** With buyers, an offer is a hold placed for the user; without, a notification. */
  buyerIds?: string[];
  status: WaitlistStatus;
  createdAt: string;
  offeredAt?: string;
  offerExpiresAt?: string;
  holdId?: string;
  /** Why a CLOSED entry could not be served (e.g. PURCHASE_LIMIT_EXCEEDED). */
  closedReason?: string;
}

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
