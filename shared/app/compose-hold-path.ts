import { type AbuseConfig, composeRateLimiter } from '#features/abuse/index.ts';
import { composeOnceGuard } from '#features/notifications/index.ts';
import { composeCatalogue } from '#features/sessions/index.ts';
import { composeBuyers, composeSignIn, PiiCipher, type TokenKeys } from '#features/users/index.ts';
import { composeAdmissionTokens, composeWaitingRoom } from '#features/waiting-room/index.ts';
import type { Clock } from '#kernel/clock.ts';
import type { DocumentClient } from '#platform/clients/dynamodb.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import type { CheckInWindow, Deps, HoldPathDeps } from '#shared/app/deps.ts';
import { SoldOutFlags } from '#shared/booking/sold-out-flags.ts';
import { RedisProgramLimits } from '#shared/inventory/redis-program-limits.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { tableAnswers } from '#shared/records/dynamodb-health.ts';
import { DynamoDbOrderReads } from '#shared/records/dynamodb-order-reads.ts';
import { ordersForSessions } from './sessions-adapters.ts';

/** The values the hot path is configured with (environment and secrets in AWS, options locally). */
export interface CoreSettings {
  /** Access tokens: RS256 (or EdDSA for an older key), the private key readable by the login function only. */
  tokenKeys: TokenKeys;
  /** The admission-token and captcha keys are derived from it (HMAC; GATE_SECRET). */
  gateSecret: () => string;
  /** base64 of 32 bytes: buyers' id numbers encrypted, id hashes keyed (PII_KEY). */
  piiKey: () => string;
  holdTtlSeconds: number;
  /** How long a released or expired hold stays readable (HOLD_ENDED_RETENTION_SECONDS). */
  endedHoldSeconds: number;
  /** Seed 001 V4: a queued order older than this is rolled back, not written. */
  orderMaxAgeSeconds: number;
  /**
   * How long after an ended session's show (or its sale's end, if later) its seats, counters
   * and waiting room stay in Redis for check-in, refunds and reconcile (SESSION_DATA_GRACE_SECONDS).
   */
  sessionDataGraceSeconds: number;
  /** Read when a callback arrives, so only the functions that verify callbacks need it. */
  paymentSecret: () => string;
  abuse: AbuseConfig;
  checkIn: CheckInWindow;
}

/** The connections everything else is built on. */
export interface Infrastructure {
  redis: RedisClient;
  db: DocumentClient;
  table: string;
  clock?: Clock;
  /** The Bloom filter's name (tests use their own). */
  idFilterName?: string;
}

/** The AWS services the hot path calls: a hold schedules its release and publishes its events. */
export type CoreEdges = Pick<Deps, 'scheduler' | 'events'>;

/**
 * Replaces a lazy getter by its value on first use. The keyed services are getters so that a
 * function reads only the secrets it uses (its role can read no others: function-needs.ts).
 */
export function memo<T>(target: object, key: string, value: T): T {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: true });
  return value;
}

/** Copies properties with their descriptors, so lazy getters stay lazy. */
export function assignDescriptors<T extends object>(target: T, source: object): T {
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(source))) {
    Object.defineProperty(target, key, { ...descriptor, configurable: true, enumerable: true });
  }
  return target;
}

/**
 * The hold path's part of the composition (HoldPathDeps): what holds, the waiting room's poll
 * and the HTTP middleware (sign-in checks, rate limits) run on, and what a hold needs to heal
 * a vanished session. Its own module, so the hold function's bundle carries nothing else;
 * compose-core.ts adds the rest of the hot path (CoreDeps) onto the same object, and
 * compose.ts everything else (Deps).
 */
export function composeHoldPath(
  infra: Infrastructure,
  settings: CoreSettings,
  edges: CoreEdges,
): HoldPathDeps {
  const { redis, db, table } = infra;
  const clock: Clock = infra.clock ?? { now: () => Date.now() };
  const core: Omit<HoldPathDeps, keyof CoreEdges> = {
    clock,
    health: {
      redis: async () => (await redis.ping()) === 'PONG',
      dynamodb: () => tableAnswers(db, table),
    },
    inventory: new RedisSeatInventory(redis, settings.endedHoldSeconds),
    programLimits: new RedisProgramLimits(redis),
    ...composeCatalogue(infra),
    ...composeBuyers(infra),
    ...composeSignIn(infra, settings.tokenKeys.publicKey),
    get pii() {
      return memo(this, 'pii', new PiiCipher(settings.piiKey()));
    },
    soldOut: new SoldOutFlags(),
    // A hold that finds its session gone from Redis rebuilds it from the sold seats and
    // restores its unpaid orders' holds: reads only (completeCore puts the full records here).
    orders: new DynamoDbOrderReads(db, table),
    // Read when called: completeCore replaces `orders` on this same object by the full records.
    sessionOrders: ordersForSessions(() => core as unknown as Pick<Deps, 'orders'>),
    ...composeWaitingRoom(infra),
    get admissionTokens() {
      return memo(this, 'admissionTokens', composeAdmissionTokens(settings.gateSecret()));
    },
    limiter: composeRateLimiter(infra),
    once: composeOnceGuard(infra),
    config: {
      holdTtlSeconds: settings.holdTtlSeconds,
      orderMaxAgeSeconds: settings.orderMaxAgeSeconds,
      sessionDataGraceSeconds: settings.sessionDataGraceSeconds,
      paymentSecret: settings.paymentSecret,
      abuse: settings.abuse,
      checkIn: settings.checkIn,
    },
  };
  return assignDescriptors(core, edges) as HoldPathDeps;
}
