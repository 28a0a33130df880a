import type { AbuseConfig, CaptchaVerifier, RateLimiter, RatePolicy } from '#features/abuse/index.ts';
import type { Clock } from '#kernel/clock.ts';
import type { Role } from '#kernel/principal.ts';
import type { PiiCipher } from './pii-cipher.ts';
import type { TokenIssuer } from './token-issuer.ts';

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

export interface UserRecord {
  userId: string;
  name: string;
  mobile: string;
  email?: string;
  passwordHash: string;
  role: Role;
  createdAt: string;
}

export interface UserRecords {
  /** Creates the user and its mobile/email look-ups atomically; returns the taken field on conflict. */
  create(user: UserRecord): Promise<{ ok: true } | { ok: false; taken: 'mobile' | 'email' }>;
  findIdByMobile(mobile: string): Promise<string | undefined>;
  findIdByEmail(email: string): Promise<string | undefined>;
  get(userId: string): Promise<UserRecord | undefined>;
}

export interface BuyerRecord {
  buyerId: string;
  userId: string;
  idType: number;
  nameEncrypted: string;
  idNumberEncrypted: string;
  nameMasked: string;
  idNumberMasked: string;
  /** PiiCipher.idHash of the document (absent on buyers added before it existed). */
  idHash?: string;
  /** 2: keyed on the document whatever its declared type; absent: the first version (recomputed on read). */
  idHashVersion?: 2;
  createdAt: string;
}

export interface BuyerRecords {
  create(buyer: BuyerRecord): Promise<void>;
  list(userId: string): Promise<BuyerRecord[]>;
  /** Returns false when there was no such buyer. */
  delete(userId: string, buyerId: string): Promise<boolean>;
}

/** Logged-out tokens, by token id, until they would have expired anyway. */
export interface TokenRevocationList {
  revoke(tokenId: string, expiresAtSec: number, nowMs?: number): Promise<void>;
  isRevoked(tokenId: string): Promise<boolean>;
}

/** What the users feature's use cases run on (a container has these under these names). */
export interface UsersDeps {
  users: UserRecords;
  buyers: BuyerRecords;
  buyerCache: BuyerCache;
  pii: PiiCipher;
  tokenIssuer: TokenIssuer;
  revocations: TokenRevocationList;
  limiter: RateLimiter;
  captcha: CaptchaVerifier;
  clock: Clock;
  config: { abuse: AbuseConfig };
}
