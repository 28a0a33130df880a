import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { abuseConfigFromEnv } from '#shared/abuse/abuse-config.ts';
import { AltchaCaptcha } from '#shared/abuse/altcha-captcha.ts';
import { RedisRateLimiter } from '#shared/abuse/redis-rate-limiter.ts';
import { SoldOutFlags } from '#shared/booking/sold-out-flags.ts';
import { RedisBuyerCache } from '#shared/buyers/buyer-cache.ts';
import { PiiCipher } from '#shared/buyers/pii-cipher.ts';
import { RedisBloomFilter } from '#shared/catalogue/redis-bloom-filter.ts';
import { RedisProgramLimits } from '#shared/inventory/redis-program-limits.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { OrderNumberGenerator, WorkerIdLease } from '#shared/orders/order-number.ts';
import { PendingOrders } from '#shared/orders/pending-orders.ts';
import { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import type { OrderMessage, OrderQueue } from '#shared/ports/orders.ts';
import { DynamoDbBuyerRecords } from '#shared/records/dynamodb-buyers.ts';
import { DynamoDbCatalogueRecords } from '#shared/records/dynamodb-catalogue.ts';
import { DynamoDbIdempotencyStore } from '#shared/records/dynamodb-idempotency.ts';
import { DynamoDbOrderRecords } from '#shared/records/dynamodb-orders.ts';
import { DynamoDbPaymentRecords } from '#shared/records/dynamodb-payments.ts';
import { DynamoDbTicketRecords } from '#shared/records/dynamodb-tickets.ts';
import { MemorySearchIndex } from '#shared/search/memory-search-index.ts';
import { TicketSigner } from '#shared/tickets/ticket-signer.ts';
import { AdmissionTokens } from '#shared/waiting-room/admission-tokens.ts';
import { QueueGate } from '#shared/waiting-room/queue-gate.ts';
import { RedisWaitingRoom } from '#shared/waiting-room/redis-waiting-room.ts';
import { recordingBus } from './fixtures.ts';

/**
 * The production adapters wired against this run's real servers: the test redis-server and
 * the runtime's DynamoDB Local (table `ticketing`). For tests below the HTTP layer.
 */
export function realDeps() {
  const redis = new Redis(inject('redisUrl'), { enableAutoPipelining: true });
  const dynamo = new DynamoDBClient({
    endpoint: inject('apiDynamoDbUrl'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const db = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const sent: OrderMessage[] = [];
  const queue: OrderQueue & { failNext: number } = {
    failNext: 0,
    async send(m) {
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error('SQS unavailable (injected)');
      }
      sent.push(m);
    },
  };
  let now = Date.now();
  const clock = { now: () => now };
  const d = {
    redis,
    db,
    sent,
    clock,
    setNow: (ms: number) => {
      now = ms;
    },
    inventory: new RedisSeatInventory(redis),
    programLimits: new RedisProgramLimits(redis),
    buyerCache: new RedisBuyerCache(redis),
    buyers: new DynamoDbBuyerRecords(db, 'ticketing'),
    orders: new DynamoDbOrderRecords(db, 'ticketing'),
    payments: new DynamoDbPaymentRecords(db, 'ticketing'),
    paymentProvider: new SandboxPaymentProvider(redis, () => 'http://127.0.0.1'),
    tickets: new DynamoDbTicketRecords(db, 'ticketing'),
    ticketSigner: new TicketSigner(TicketSigner.generatePrivateKeyPem()),
    catalogue: new DynamoDbCatalogueRecords(db, 'ticketing'),
    // A filter of its own per test file, never complete unless the test builds it.
    idFilter: new RedisBloomFilter(redis, `ids-${randomBytes(6).toString('hex')}`),
    idempotency: new DynamoDbIdempotencyStore(db, 'ticketing'),
    pendingOrders: new PendingOrders(redis),
    orderQueue: queue,
    orderNumbers: new OrderNumberGenerator(new WorkerIdLease(redis)),
    scheduler: { schedule: async () => undefined, cancel: async () => undefined },
    soldOut: new SoldOutFlags(),
    events: recordingBus(),
    search: new MemorySearchIndex(),
    pii: new PiiCipher(randomBytes(32).toString('base64')),
    waitingRoom: new RedisWaitingRoom(redis),
    queueGate: new QueueGate(new RedisWaitingRoom(redis)),
    admissionTokens: new AdmissionTokens(new TextEncoder().encode('test-admission-key-0123456789abcdef')),
    limiter: new RedisRateLimiter(redis),
    captcha: new AltchaCaptcha(redis, 'test-captcha-key', 1000),
    config: {
      holdTtlSeconds: 600,
      orderMaxAgeSeconds: 120,
      paymentSecret: () => 'test-secret',
      abuse: abuseConfigFromEnv(),
    },
    close: async () => {
      await redis.quit();
      dynamo.destroy();
    },
  };
  return d;
}
