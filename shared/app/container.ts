import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type AbuseConfig, abuseConfigFromEnv } from '#shared/abuse/abuse-config.ts';
import { AltchaCaptcha } from '#shared/abuse/altcha-captcha.ts';
import { RedisRateLimiter } from '#shared/abuse/redis-rate-limiter.ts';
import { TokenRevocations } from '#shared/auth/revocations.ts';
import { TokenService } from '#shared/auth/tokens.ts';
import { SoldOutFlags } from '#shared/booking/sold-out-flags.ts';
import { RedisBuyerCache } from '#shared/buyers/buyer-cache.ts';
import { PiiCipher } from '#shared/buyers/pii-cipher.ts';
import { RedisBloomFilter } from '#shared/catalogue/redis-bloom-filter.ts';
import { createDocumentClient } from '#shared/clients/dynamodb.ts';
import { type RedisClient, redis } from '#shared/clients/redis.ts';
import { deriveKey } from '#shared/config/derived-keys.ts';
import { envOr, intEnvOr, requireEnv } from '#shared/config/env.ts';
import { EventBridgeEventBus } from '#shared/events/eventbridge-event-bus.ts';
import { RedisProgramLimits } from '#shared/inventory/redis-program-limits.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { OrderNumberGenerator, WorkerIdLease } from '#shared/orders/order-number.ts';
import { PendingOrders } from '#shared/orders/pending-orders.ts';
import { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import type { CaptchaVerifier, RateLimiter } from '#shared/ports/abuse.ts';
import type { EventBus } from '#shared/ports/event-bus.ts';
import type { HoldExpiryScheduler } from '#shared/ports/hold-expiry-scheduler.ts';
import type { IdFilter } from '#shared/ports/id-filter.ts';
import type { IdempotencyStore } from '#shared/ports/idempotency.ts';
import type { OrderQueue, OrderRecords } from '#shared/ports/orders.ts';
import type { PaymentRecords } from '#shared/ports/payments.ts';
import type { ProgramLimits } from '#shared/ports/program-limits.ts';
import type { BuyerRecords, CatalogueRecords, UserRecords } from '#shared/ports/records.ts';
import type { SearchIndex } from '#shared/ports/search-index.ts';
import type { TicketRecords } from '#shared/ports/tickets.ts';
import type { WaitingRoom } from '#shared/ports/waiting-room.ts';
import type { WaitlistQueue, WaitlistRecords } from '#shared/ports/waitlist.ts';
import { SqsOrderQueue } from '#shared/queue/sqs-order-queue.ts';
import { DynamoDbBuyerRecords } from '#shared/records/dynamodb-buyers.ts';
import { DynamoDbCatalogueRecords } from '#shared/records/dynamodb-catalogue.ts';
import { DynamoDbIdempotencyStore } from '#shared/records/dynamodb-idempotency.ts';
import { DynamoDbOrderRecords } from '#shared/records/dynamodb-orders.ts';
import { DynamoDbPaymentRecords } from '#shared/records/dynamodb-payments.ts';
import { DynamoDbTicketRecords } from '#shared/records/dynamodb-tickets.ts';
import { DynamoDbUserRecords } from '#shared/records/dynamodb-users.ts';
import { DynamoDbWaitlistRecords } from '#shared/records/dynamodb-waitlist.ts';
import { EventBridgeHoldExpiryScheduler } from '#shared/scheduler/eventbridge-hold-expiry-scheduler.ts';
import { ListingSearchIndex } from '#shared/search/listing-search-index.ts';
import { OpenSearchSearchIndex } from '#shared/search/opensearch-search-index.ts';
import { TicketSigner } from '#shared/tickets/ticket-signer.ts';
import { AdmissionTokens } from '#shared/waiting-room/admission-tokens.ts';
import { QueueGate } from '#shared/waiting-room/queue-gate.ts';
import { RedisWaitingRoom } from '#shared/waiting-room/redis-waiting-room.ts';
import { RedisWaitlistQueue } from '#shared/waitlist/redis-waitlist-queue.ts';

export interface Clock {
  now(): number;
}

export interface Deps {
  clock: Clock;
  redis: RedisClient;
  inventory: RedisSeatInventory;
  /** Per-program tier limits, reserved beside the hold (the user's slot). */
  programLimits: ProgramLimits;
  users: UserRecords;
  buyers: BuyerRecords;
  catalogue: CatalogueRecords;
  /** Program and session ids that exist (Bloom filter): unknown ids cost no DynamoDB read. */
  idFilter: IdFilter;
  buyerCache: RedisBuyerCache;
  tokens: TokenService;
  revocations: TokenRevocations;
  pii: PiiCipher;
  scheduler: HoldExpiryScheduler;
  soldOut: SoldOutFlags;
  events: EventBus;
  orders: OrderRecords;
  idempotency: IdempotencyStore;
  orderQueue: OrderQueue;
  orderNumbers: OrderNumberGenerator;
  pendingOrders: PendingOrders;
  payments: PaymentRecords;
  paymentProvider: SandboxPaymentProvider;
  tickets: TicketRecords;
  ticketSigner: TicketSigner;
  /** Program search: OpenSearch in AWS, the embedded index locally. */
  search: SearchIndex;
  /** Answers searches from the DynamoDB listings when `search` fails. */
  searchFallback: SearchIndex;
  waitlist: WaitlistRecords;
  waitlistQueue: WaitlistQueue;
  /** Per-session virtual waiting rooms (Redis), this container's cached view of them, signed admissions. */
  waitingRoom: WaitingRoom;
  queueGate: QueueGate;
  admissionTokens: AdmissionTokens;
  /** Rate limits and attempt counters (Redis). */
  limiter: RateLimiter;
  captcha: CaptchaVerifier;
  config: {
    holdTtlSeconds: number;
    orderMaxAgeSeconds: number;
    paymentSecret: () => string;
    abuse: AbuseConfig;
  };
}

/**
 * The composition root: production adapters, created once per process (Lambda container)
 * on first use. The local runtime swaps in its stand-ins (scheduler) with `overrideDeps`.
 */
function build(): Deps {
  const db = createDocumentClient();
  const table = requireEnv('TABLE_NAME');
  const client = redis();
  const clock: Clock = { now: () => Date.now() };
  const catalogue = new DynamoDbCatalogueRecords(db, table);
  const jwtSecret = requireEnv('JWT_SECRET');
  const abuse = abuseConfigFromEnv();
  const waitingRoom = new RedisWaitingRoom(client);
  return {
    clock,
    redis: client,
    inventory: new RedisSeatInventory(client),
    programLimits: new RedisProgramLimits(client),
    users: new DynamoDbUserRecords(db, table),
    buyers: new DynamoDbBuyerRecords(db, table),
    catalogue,
    idFilter: new RedisBloomFilter(client, 'catalogue-ids'),
    buyerCache: new RedisBuyerCache(client),
    tokens: new TokenService(jwtSecret),
    revocations: new TokenRevocations(client),
    pii: new PiiCipher(requireEnv('PII_KEY')),
    soldOut: new SoldOutFlags(),
    // Built on first use, so functions that never schedule need no scheduler configuration.
    get scheduler(): HoldExpiryScheduler {
      const value = new EventBridgeHoldExpiryScheduler(new SchedulerClient({}), {
        groupName: requireEnv('SCHEDULER_GROUP'),
        targetArn: requireEnv('RELEASE_FUNCTION_ARN'),
        roleArn: requireEnv('SCHEDULER_ROLE_ARN'),
      });
      Object.defineProperty(this, 'scheduler', { value, writable: true, configurable: true });
      return value;
    },
    get events(): EventBus {
      const value = new EventBridgeEventBus(new EventBridgeClient({}), requireEnv('EVENT_BUS_NAME'));
      Object.defineProperty(this, 'events', { value, writable: true, configurable: true });
      return value;
    },
    orders: new DynamoDbOrderRecords(db, table),
    idempotency: new DynamoDbIdempotencyStore(db, table),
    get orderQueue(): OrderQueue {
      const value = new SqsOrderQueue(new SQSClient({}), requireEnv('ORDER_QUEUE_URL'));
      Object.defineProperty(this, 'orderQueue', { value, writable: true, configurable: true });
      return value;
    },
    orderNumbers: new OrderNumberGenerator(new WorkerIdLease(client)),
    pendingOrders: new PendingOrders(client),
    payments: new DynamoDbPaymentRecords(db, table),
    // The sandbox gateway; its pay links point at this API (PUBLIC_BASE_URL).
    paymentProvider: new SandboxPaymentProvider(client, () => envOr('PUBLIC_BASE_URL', '')),
    tickets: new DynamoDbTicketRecords(db, table),
    get ticketSigner(): TicketSigner {
      const value = new TicketSigner(
        Buffer.from(requireEnv('TICKET_SIGNING_KEY'), 'base64').toString('utf8'),
      );
      Object.defineProperty(this, 'ticketSigner', { value, writable: true, configurable: true });
      return value;
    },
    waitlist: new DynamoDbWaitlistRecords(db, table),
    waitlistQueue: new RedisWaitlistQueue(client),
    waitingRoom,
    queueGate: new QueueGate(waitingRoom),
    admissionTokens: new AdmissionTokens(deriveKey(jwtSecret, 'admission')),
    limiter: new RedisRateLimiter(client),
    captcha: new AltchaCaptcha(
      client,
      deriveKey(jwtSecret, 'captcha').toString('hex'),
      abuse.captchaMaxNumber,
    ),
    searchFallback: new ListingSearchIndex(() => catalogue.listListings(), clock),
    get search(): SearchIndex {
      const endpoint = process.env.OPENSEARCH_ENDPOINT;
      const value = endpoint
        ? new OpenSearchSearchIndex(
            async () =>
              (await import('#shared/clients/opensearch.ts')).createOpenSearchClient(
                endpoint,
                requireEnv('AWS_REGION'),
              ),
            envOr('SEARCH_INDEX', 'programs'),
          )
        : this.searchFallback;
      Object.defineProperty(this, 'search', { value, writable: true, configurable: true });
      return value;
    },
    config: {
      holdTtlSeconds: intEnvOr('HOLD_TTL_SECONDS', 600),
      // Seed 001 V4: a message older than this is rolled back, not written.
      orderMaxAgeSeconds: intEnvOr('ORDER_MAX_AGE_SECONDS', 120),
      // Read when a callback arrives, so only the functions that verify callbacks need it.
      paymentSecret: () => requireEnv('PAYMENT_PROVIDER_SECRET'),
      abuse,
    },
  };
}

let current: Deps | undefined;

export function deps(): Deps {
  current ??= build();
  return current;
}

export function overrideDeps(overrides: Partial<Deps>): void {
  const target = deps();
  // defineProperty, not assignment: `scheduler` is a lazy getter in production.
  for (const [key, value] of Object.entries(overrides)) {
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: true });
  }
}
