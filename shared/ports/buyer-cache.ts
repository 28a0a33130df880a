import type { RatePolicy } from '#shared/ports/abuse.ts';

/** What the hot path needs of a buyer: that it exists and belongs to the caller, and how to show it. */
export interface BuyerSummary {
  buyerId: string;
  idType: number;
  name: string;
  idNumber: string;
  /** Keyed hash of the document, for ONE_PER_ID (never the clear number). */
  idHash?: string;
}

/** The caller's buyers (masked) where the hold path can read them without DynamoDB (Redis). */
export interface BuyerCache {
  /** The whole cache from the durable record; the buy limit kept beside it survives. */
  replace(userId: string, buyers: BuyerSummary[]): Promise<void>;
  /** One buyer added to a warm cache (a cold one stays cold). */
  put(userId: string, buyer: BuyerSummary): Promise<void>;
  drop(userId: string, buyerId: string): Promise<void>;
  /** These buyers' summaries (null: not the user's); undefined when the cache is cold. */
  lookup(userId: string, buyerIds: string[]): Promise<(BuyerSummary | null)[] | undefined>;
  /** The same lookup and the user's buy rate limit, counted, in one step. */
  lookupCounted(
    userId: string,
    buyerIds: string[],
    policy: RatePolicy,
    nowMs: number,
  ): Promise<
    { limited: true; retryAfterMs: number } | { limited: false; buyers: (BuyerSummary | null)[] | undefined }
  >;
  /** Keeps a warm cache warm; false when it was cold. */
  touch(userId: string): Promise<boolean>;
}
