import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Cluster, Redis } from 'ioredis';
import MiniSearch from 'minisearch';
import { inject } from 'vitest';
import { abuseConfigFromEnv } from '#features/abuse/abuse-config.ts';
import { OutboxNotifier } from '#features/notifications/index.ts';
import type { CatalogueRecords } from '#features/sessions/index.ts';
import type { BuyerRecords } from '#features/users/index.ts';
import type { TokenKeys } from '#features/users/token-claims.ts';
import type { DomainEvent, EventBus } from '#kernel/events.ts';
import type { SessionGeometry, SessionLayout } from '#kernel/session-layout.ts';
import { type DocumentClient, documentClientOver, PutCommand } from '#platform/clients/dynamodb.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import {
  accessTokenPrivateKey,
  accessTokenPublicKey,
  generateAccessTokenKey,
  type KeyPair,
} from '#platform/settings/key-material.ts';
import { compose, type Settings } from '#shared/app/compose.ts';
import type { Deps } from '#shared/app/deps.ts';
import type { OrderRecords } from '#shared/ports/orders.ts';
import type { HoldCommand, SeatInventory, SeatOfTier, SeatPick } from '#shared/ports/seat-inventory.ts';
import { MemorySearchIndex } from '#shared/search/memory-search-index.ts';
import { TicketSigner } from '#shared/tickets/ticket-signer.ts';
import { keysEverywhere } from './invariants.ts';

export const uniqueId = (prefix: string): string => `${prefix}${randomBytes(6).toString('hex')}`;

/** Seat ids to the seat, row and tier indexes the inventory takes. */
export const seatsOf = (geo: SessionGeometry, ...ids: string[]): SeatOfTier[] =>
  ids.map((id) => {
    const ref = geo.parseSeatId(id)!;
    return { ...ref, tierId: geo.rows[ref.rowIdx]!.tierId };
  });

/** Holds the named seats for `userId` (10 minutes from `nowMs`); returns the hold id. */
export async function holdNamedSeats(
  inventory: SeatInventory,
  geo: SessionGeometry,
  userId: string,
  nowMs: number,
  ...ids: string[]
): Promise<string> {
  const holdId = uniqueId('h');
  await inventory.hold({
    sessionId: geo.layout.sessionId,
    holdId,
    userId,
    nowMs,
    expiresAtMs: nowMs + 600_000,
    buyerIds: [],
    pick: { kind: 'seats', seats: seatsOf(geo, ...ids) },
  });
  return holdId;
}

/** Stores a program with the layout's session, on sale, as the admin API would have. */
export async function storeOnSaleSession(
  catalogue: CatalogueRecords,
  layout: SessionLayout,
  programId = uniqueId('p'),
): Promise<void> {
  await catalogue.createProgram(
    {
      programId,
      title: 't',
      actor: 'a',
      city: 'c',
      venue: 'v',
      categoryId: 'drama',
      createdAt: '',
      sessions: [],
    },
    [
      {
        sessionId: layout.sessionId,
        programId: layout.programId,
        startsAt: layout.startsAt,
        saleOpensAt: layout.saleOpensAt,
        status: 'ON_SALE',
        layout,
      },
    ],
  );
}

/** A durable seat state in DynamoDB, as the order writer or a payment would have written it. */
export async function putDurableSeat(
  d: { db: DocumentClient; table: string },
  sessionId: string,
  seat: { seatId: string; status: 'HELD' | 'SOLD'; holdId: string },
): Promise<void> {
  await d.db.send(
    new PutCommand({
      TableName: d.table,
      Item: { pk: `SESSION#${sessionId}`, sk: `SEAT#${seat.seatId}`, ...seat, orderNumber: '1' },
    }),
  );
}

/**
 * The tests' Redis client: the run's redis-server, or, in the `cluster` project (vitest.config.ts),
 * the 3-master cluster, with the options the product's cluster client uses (no auto-pipelining).
 * Not the product's guarded client: its 500 ms command timeout is for Lambda, not for a test
 * machine running two suites at once.
 */
export function testRedis(): RedisClient {
  const url = inject('redisUrl');
  if (!inject('redisCluster')) return new Redis(url, { enableAutoPipelining: true });
  const { hostname, port } = new URL(url);
  return new Cluster([{ host: hostname, port: Number(port) }], { enableAutoPipelining: false });
}

/** A session on sale since 2020 with the given tiers and sections (ids and times filled in). */
export function layoutOf(
  parts: Pick<SessionLayout, 'tiers' | 'sections'> & Partial<SessionLayout>,
): SessionLayout {
  return {
    sessionId: uniqueId('ses'),
    programId: 'prg-test',
    startsAt: '2030-01-01T12:00:00.000Z',
    saleOpensAt: '2020-01-01T00:00:00.000Z',
    maxPerOrder: 6,
    ...parts,
  };
}

/** The race tests' venue: two tiers of 10 rows × 20 seats, 6 per order. */
export function raceLayout(prefix: string): SessionLayout {
  return layoutOf({
    sessionId: uniqueId(prefix),
    maxPerOrder: 6,
    tiers: [
      { tierId: 'A', name: 'A', priceCents: 10_000, perUserLimit: 6 },
      { tierId: 'B', name: 'B', priceCents: 5_000, perUserLimit: 6 },
    ],
    sections: [
      { name: 'A', tierId: 'A', rows: 10, seatsPerRow: 20 },
      { name: 'B', tierId: 'B', rows: 10, seatsPerRow: 20 },
    ],
  });
}

/**
 * A small session: tier A (front, 2 rows x 10, 10000 cents, limit 4) and
 * tier B (3 rows x 8, 5000 cents, limit 6). Seats "1-1-1".."1-2-10" and "2-1-1".."2-3-8".
 */
export function smallLayout(overrides: Partial<SessionLayout> = {}): SessionLayout {
  return layoutOf({
    tiers: [
      { tierId: 'A', name: 'VIP', priceCents: 10_000, perUserLimit: 4 },
      { tierId: 'B', name: 'Standard', priceCents: 5_000, perUserLimit: 6 },
    ],
    sections: [
      { name: 'Front', tierId: 'A', rows: 2, seatsPerRow: 10 },
      { name: 'Back', tierId: 'B', rows: 3, seatsPerRow: 8 },
    ],
    ...overrides,
  });
}

/** Every key of a session with its value, to prove a failed script wrote nothing. */
export async function snapshotSession(
  client: RedisClient,
  sessionId: string,
): Promise<Record<string, unknown>> {
  const keys = (await keysEverywhere(client, `{s:${sessionId}}*`)).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const type = await client.type(key);
    if (type === 'string') out[key] = await client.get(key);
    else if (type === 'hash') out[key] = await client.hgetall(key);
    else if (type === 'zset') out[key] = await client.zrange(key, 0, -1, 'WITHSCORES');
    else out[key] = type;
  }
  out.ttls = await Promise.all(keys.map((k) => client.ttl(k)));
  return out;
}

/** An event bus that keeps what was published, for assertions. */
export function recordingBus(): EventBus & { published: DomainEvent[] } {
  const published: DomainEvent[] = [];
  return {
    published,
    publish: async (events) => {
      published.push(...events);
    },
  };
}

/** Order records for tests whose holds are never ordered: there is never an order to find. */
export const noOrders: OrderRecords = {
  get: async () => undefined,
  writePendingPayment: () => Promise.reject(new Error('no orders in this test')),
  writeFailed: () => Promise.reject(new Error('no orders in this test')),
  listByUser: () => Promise.reject(new Error('no orders in this test')),
  endUnpaid: () => Promise.reject(new Error('no orders in this test')),
  markPaid: () => Promise.reject(new Error('no orders in this test')),
  transition: () => Promise.reject(new Error('no orders in this test')),
  completeRefund: () => Promise.reject(new Error('no orders in this test')),
  setLastPayment: () => Promise.reject(new Error('no orders in this test')),
  sessionOrderNumbers: () => Promise.reject(new Error('no orders in this test')),
  countBySession: () => Promise.reject(new Error('no orders in this test')),
  dueOrders: async () => [],
  countDue: async () => 0,
  nudgeOnce: async () => false,
};

/** Seats sold (by index) to one prior order, for warmups in tests. */
/** A hold as the inventory takes it: a fresh hold id, ten minutes from `nowMs`, no buyers. */
export const holdCommand = (
  sessionId: string,
  pick: SeatPick,
  nowMs: number,
  over: Partial<HoldCommand> = {},
): HoldCommand => ({
  sessionId,
  holdId: uniqueId('h'),
  userId: 'u1',
  nowMs,
  expiresAtMs: nowMs + 600_000,
  buyerIds: [],
  pick,
  ...over,
});

export const soldTo = (seatIdxs: number[], holdId = 'earlier_000000000000') =>
  seatIdxs.map((seatIdx) => ({ seatIdx, holdId }));

/** The hold path must not touch DynamoDB: this adapter fails the test if it is called. */
export const noDynamoDbBuyers: BuyerRecords = {
  create: () => Promise.reject(new Error('hold path wrote DynamoDB')),
  list: () => Promise.reject(new Error('hold path read DynamoDB')),
  delete: () => Promise.reject(new Error('hold path wrote DynamoDB')),
};

let tokenPair: KeyPair | undefined;

/**
 * Access-token keys as the first deploy generates them (RSA 2048), one pair per test process
 * unless given (RSA generation takes ~0.1 s, and every composition of a test file asks).
 */
export function testTokenKeys(given?: KeyPair): TokenKeys {
  let pair = given;
  if (!pair) {
    tokenPair ??= generateAccessTokenKey();
    pair = tokenPair;
  }
  const privateKey = accessTokenPrivateKey('test token key', pair.privateKey);
  const publicKey = accessTokenPublicKey('test token key', pair.publicKey);
  return { privateKey: () => privateKey, publicKey: () => publicKey };
}

/** Settings for compositions in tests: random keys, the defaults, easy captchas. */
export const testSettings = (): Settings => ({
  tokenKeys: testTokenKeys(),
  gateSecret: () => 'test-gate-secret-0123456789abcdefghijklmnop',
  piiKey: () => Buffer.alloc(32, 7).toString('base64'),
  holdTtlSeconds: 600,
  endedHoldSeconds: 600,
  orderMaxAgeSeconds: 120,
  sessionDataGraceSeconds: 2 * 24 * 3_600,
  paymentSecret: () => 'test-secret',
  publicBaseUrl: () => 'http://127.0.0.1',
  payments: {
    channels: ['sandbox', 'alipay'],
    alipay: () => {
      throw new Error('this test has no Alipay stand-in (alipayDeps in test/support/real-deps.ts)');
    },
  },
  abuse: { ...abuseConfigFromEnv(), captchaMaxNumber: 1000 },
  checkIn: { opensHoursBefore: 4, closesHoursAfter: 6 },
});

/** A DynamoDB client that nothing may use: any call fails (the hot path reads no DynamoDB). */
const unreachableDb = () =>
  documentClientOver(
    () =>
      new DynamoDBClient({
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        credentials: { accessKeyId: 'none', secretAccessKey: 'none' },
        maxAttempts: 1,
      }),
  );

/**
 * What the hold use case runs on in a Lambda container: the production composition on one
 * Redis connection, a buyer store that fails on any DynamoDB call, a scheduler that records,
 * its own sold-out flags. `overrides` replace any part.
 */
export function hotPathDeps(
  client: RedisClient,
  opts: { bus?: EventBus; scheduled?: string[]; now?: () => number } = {},
  overrides: Partial<Deps> = {},
): Deps {
  const outbox = new OutboxNotifier(client);
  return compose(
    {
      redis: client,
      db: unreachableDb(),
      table: 'unreachable',
      clock: { now: opts.now ?? (() => Date.now()) },
    },
    testSettings(),
    {
      scheduler: {
        schedule: async (e) => {
          opts.scheduled?.push(e.holdId);
        },
        cancel: async () => undefined,
      },
      events: opts.bus ?? recordingBus(),
      orderQueue: { send: () => Promise.reject(new Error('no orders in this test')) },
      jobQueue: {
        continueCancellation: () => Promise.reject(new Error('no jobs in this test')),
        continueReindex: () => Promise.reject(new Error('no jobs in this test')),
      },
      search: new MemorySearchIndex(MiniSearch),
      ticketSigner: new TicketSigner(TicketSigner.generatePrivateKeyPem()),
      notifier: outbox,
    },
    { buyers: noDynamoDbBuyers, ...overrides },
  );
}
