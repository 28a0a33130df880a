import type { AbuseConfig } from '#shared/abuse/abuse-config.ts';
import { AltchaCaptcha } from '#shared/abuse/altcha-captcha.ts';
import { RedisRateLimiter } from '#shared/abuse/redis-rate-limiter.ts';
import type { CheckInWindow, Deps } from '#shared/app/deps.ts';
import { TokenRevocations } from '#shared/auth/revocations.ts';
import { type TokenKeys, TokenService } from '#shared/auth/tokens.ts';
import { SoldOutFlags } from '#shared/booking/sold-out-flags.ts';
import { RedisBuyerCache } from '#shared/buyers/buyer-cache.ts';
import { PiiCipher } from '#shared/buyers/pii-cipher.ts';
import { CatalogueReads } from '#shared/catalogue/catalogue-reads.ts';
import { RedisBloomFilter } from '#shared/catalogue/redis-bloom-filter.ts';
import { RedisCatalogueCache } from '#shared/catalogue/redis-catalogue-cache.ts';
import type { DocumentClient } from '#shared/clients/dynamodb.ts';
import type { RedisClient } from '#shared/clients/redis.ts';
import { deriveKey } from '#shared/config/derived-keys.ts';
import { DomainError } from '#shared/errors/domain-error.ts';
import { logger } from '#shared/http/logger.ts';
import { RedisProgramLimits } from '#shared/inventory/redis-program-limits.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { RedisOnceGuard } from '#shared/notifications/redis-once.ts';
import { OrderNumberGenerator, WorkerIdLease } from '#shared/orders/order-number.ts';
import { PendingOrders } from '#shared/orders/pending-orders.ts';
import type { AlipaySettings } from '#shared/payments/alipay/alipay-provider.ts';
import { paymentProviders } from '#shared/payments/payment-providers.ts';
import { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { PaymentChannel, PaymentProvider } from '#shared/ports/payments.ts';
import { DynamoDbBuyerRecords } from '#shared/records/dynamodb-buyers.ts';
import { DynamoDbCatalogueRecords } from '#shared/records/dynamodb-catalogue.ts';
import { tableAnswers } from '#shared/records/dynamodb-health.ts';
import { DynamoDbIdempotencyStore } from '#shared/records/dynamodb-idempotency.ts';
import { DynamoDbOrderRecords } from '#shared/records/dynamodb-orders.ts';
import { DynamoDbPaymentRecords } from '#shared/records/dynamodb-payments.ts';
import { DynamoDbTicketRecords } from '#shared/records/dynamodb-tickets.ts';
import { DynamoDbUserRecords } from '#shared/records/dynamodb-users.ts';
import { DynamoDbVoucherRecords } from '#shared/records/dynamodb-vouchers.ts';
import { DynamoDbWaitlistRecords } from '#shared/records/dynamodb-waitlist.ts';
import { ListingSearchIndex } from '#shared/search/listing-search-index.ts';
import { AdmissionTokens } from '#shared/waiting-room/admission-tokens.ts';
import { QueueGate } from '#shared/waiting-room/queue-gate.ts';
import { RedisWaitingRoom } from '#shared/waiting-room/redis-waiting-room.ts';
import { RedisWaitlistQueue } from '#shared/waitlist/redis-waitlist-queue.ts';

/** The values the product is configured with (environment and secrets in AWS, options locally). */
export interface Settings {
  /** Access tokens: EdDSA, the private key readable by the login function only. */
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
  /** Read when a callback arrives, so only the functions that verify callbacks need it. */
  paymentSecret: () => string;
  /** Where the sandbox gateway's pay links point (this API). */
  publicBaseUrl: () => string;
  payments: {
    channels: readonly PaymentChannel[];
    /** Read when the first Alipay payment is made or checked (credentials from Secrets Manager). */
    alipay: () => AlipaySettings;
  };
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

/** What differs by where the product runs: AWS services in Lambda, stand-ins locally and in tests. */
export type Edges = Pick<
  Deps,
  'scheduler' | 'events' | 'orderQueue' | 'jobQueue' | 'search' | 'ticketSigner' | 'notifier'
>;

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
 * The one composition function: the Redis and DynamoDB adapters and the in-process services
 * built on `infra` and `settings`, plus the environment's `edges` (their getters stay lazy,
 * so a function that never schedules needs no scheduler configuration). `overrides` replace
 * any part (tests: a recording queue, a settable clock).
 */
export function compose(
  infra: Infrastructure,
  settings: Settings,
  edges: Edges,
  overrides: Partial<Deps> = {},
): Deps {
  const { redis, db, table } = infra;
  const clock: Clock = infra.clock ?? { now: () => Date.now() };
  const catalogue = new DynamoDbCatalogueRecords(db, table);
  const waitingRoom = new RedisWaitingRoom(redis);
  const core: Omit<Deps, keyof Edges> = {
    clock,
    health: {
      redis: async () => (await redis.ping()) === 'PONG',
      dynamodb: () => tableAnswers(db, table),
    },
    inventory: new RedisSeatInventory(redis, settings.endedHoldSeconds),
    programLimits: new RedisProgramLimits(redis),
    users: new DynamoDbUserRecords(db, table),
    buyers: new DynamoDbBuyerRecords(db, table),
    catalogue,
    catalogueReads: new CatalogueReads(new RedisCatalogueCache(redis), catalogue),
    idFilter: new RedisBloomFilter(redis, infra.idFilterName ?? 'catalogue-ids'),
    buyerCache: new RedisBuyerCache(redis),
    tokens: new TokenService(settings.tokenKeys),
    revocations: new TokenRevocations(redis),
    get pii() {
      return memo(this, 'pii', new PiiCipher(settings.piiKey()));
    },
    soldOut: new SoldOutFlags(),
    orders: new DynamoDbOrderRecords(db, table),
    vouchers: new DynamoDbVoucherRecords(db, table),
    idempotency: new DynamoDbIdempotencyStore(db, table),
    orderNumbers: new OrderNumberGenerator(new WorkerIdLease(redis)),
    pendingOrders: new PendingOrders(redis),
    payments: new DynamoDbPaymentRecords(db, table),
    paymentProviders: paymentProviders(settings.payments.channels, {
      sandbox: () => new SandboxPaymentProvider(redis, settings.publicBaseUrl),
      // Imported on first use: functions that never touch Alipay never load its SDK.
      alipay: () => lazyAlipay(settings.payments.alipay),
    }),
    tickets: new DynamoDbTicketRecords(db, table),
    searchFallback: new ListingSearchIndex(() => catalogue.listListings(), clock),
    waitlist: new DynamoDbWaitlistRecords(db, table),
    waitlistQueue: new RedisWaitlistQueue(redis),
    waitingRoom,
    queueGate: new QueueGate(waitingRoom),
    get admissionTokens() {
      return memo(
        this,
        'admissionTokens',
        new AdmissionTokens(deriveKey(settings.gateSecret(), 'admission')),
      );
    },
    limiter: new RedisRateLimiter(redis),
    once: new RedisOnceGuard(redis),
    get captcha() {
      return memo(
        this,
        'captcha',
        new AltchaCaptcha(
          redis,
          deriveKey(settings.gateSecret(), 'captcha').toString('hex'),
          settings.abuse.captchaMaxNumber,
        ),
      );
    },
    config: {
      holdTtlSeconds: settings.holdTtlSeconds,
      orderMaxAgeSeconds: settings.orderMaxAgeSeconds,
      paymentSecret: settings.paymentSecret,
      abuse: settings.abuse,
      checkIn: settings.checkIn,
    },
  };
  return assignDescriptors(assignDescriptors(core, edges), overrides) as Deps;
}

/**
 * The Alipay adapter, its SDK loaded on first call: most functions compose payments without
 * ever paying, and `alipay-sdk` with its HTTP client is the heaviest module the product has.
 */
function lazyAlipay(settings: () => AlipaySettings): PaymentProvider {
  let loaded: Promise<PaymentProvider> | undefined;
  const provider = () =>
    (loaded ??= import('#shared/payments/alipay/alipay-provider.ts').then((m) => {
      try {
        return m.newAlipayProvider(settings());
      } catch (cause) {
        loaded = undefined; // the next call reads the settings again
        // An operator's job (the Alipay secret), not the buyer's: 503, and the reason logged.
        logger.error('Alipay is not configured', { error: cause as Error });
        throw new DomainError('UNAVAILABLE', 'Payments by Alipay are not configured here yet', undefined, {
          cause,
          retryAfterSeconds: 300,
        });
      }
    }));
  return {
    channel: 'alipay',
    create: async (p) => (await provider()).create(p),
    query: async (id) => (await provider()).query(id),
    refund: async (p) => (await provider()).refund(p),
    close: async (id) => (await provider()).close(id),
    checkNotify: async (fields) => (await provider()).checkNotify!(fields),
  };
}
