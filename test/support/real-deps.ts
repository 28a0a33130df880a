import { randomBytes } from 'node:crypto';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import MiniSearch from 'minisearch';
import { inject } from 'vitest';
import { OutboxNotifier } from '#features/notifications/index.ts';
import { DynamoDbCatalogueRecords } from '#features/sessions/dynamodb-catalogue.ts';
import { REFERENCE_CATEGORIES } from '#features/sessions/reference-categories.ts';
import type { DomainEvent } from '#kernel/events.ts';
import { documentClientOver } from '#platform/clients/dynamodb.ts';
import { compose } from '#shared/app/compose.ts';
import { OUTBOX_PK_PREFIX } from '#shared/events/outbox.ts';
import { eventOfStreamImage } from '#shared/events/outbox-relay.ts';
import { decodeOrderMessage, encodeOrderMessage } from '#shared/orders/order-message.ts';
import type { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import type { JobQueue } from '#shared/ports/jobs.ts';
import type { OrderMessage, OrderQueue } from '#shared/ports/orders.ts';
import { MemorySearchIndex } from '#shared/search/memory-search-index.ts';
import { TicketSigner } from '#shared/tickets/ticket-signer.ts';
import type { AlipayStandIn } from '../../infra/local/alipay-stand-in.ts';
import { createTable } from '../../infra/local/dynamodb-local.ts';
import { recordingBus, testRedis, testSettings } from './fixtures.ts';

/** Where realDeps' Alipay trades say to notify; tests deliver notifies to the use case themselves. */
export const ALIPAY_TEST_NOTIFY_URL = 'http://127.0.0.1:9/v1/payments/alipay/notify';

/**
 * This test file's own table (every file runs in a module scope of its own): the runtime's
 * background jobs (its sweeper, its outbox relay, its reconciler) work on the runtime's table
 * and never touch what a file's use cases write, and a file's jobs never touch the runtime's.
 */
const FILE_TABLE = `t-${randomBytes(4).toString('hex')}`;

/**
 * The production composition (`compose`) against this run's real servers: the test
 * redis-server and the runtime's DynamoDB Local (this file's own table with the reference
 * categories, or a table the test names), with a settable clock, a recording order queue and
 * bus, and no scheduler. For tests below the HTTP layer.
 */
export function realDeps(opts: { table?: string; alipay?: AlipayStandIn } = {}) {
  const table = opts.table ?? FILE_TABLE;
  const redis = testRedis();
  const endpoint = inject('apiDynamoDbUrl');
  const dynamo = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // Made (and given the reference categories) before the first call; a table a test names is its own to fill.
  const tableReady = createTable(endpoint, table).then(() =>
    opts.table
      ? undefined
      : new DynamoDbCatalogueRecords(
          documentClientOver(() => dynamo),
          table,
        ).putCategories(REFERENCE_CATEGORIES),
  );
  const db = documentClientOver(async () => {
    await tableReady;
    return dynamo;
  });
  const sent: OrderMessage[] = [];
  const relayed = new Set<string>();
  const queue: OrderQueue & {
    failNext: number;
    lostAnswerNext: number;
    deliverFirst: ((m: OrderMessage) => Promise<unknown>) | undefined;
  } = {
    failNext: 0,
    /** Sends that reach the queue but whose answer never comes back (a frozen or slow SQS). */
    lostAnswerNext: 0,
    /** With a lost answer: the consumer gets the message before the sender gives up. */
    deliverFirst: undefined,
    async send(m) {
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error('SQS unavailable (injected)');
      }
      // What the order writer reads is what crossed the queue: the body, through its schema.
      sent.push(decodeOrderMessage(encodeOrderMessage(m)));
      if (this.lostAnswerNext > 0) {
        this.lostAnswerNext--;
        await this.deliverFirst?.(m);
        throw Object.assign(new Error('Request timed out (injected)'), { name: 'TimeoutError' });
      }
    },
  };
  /** Steps asked of the job queue (session ids); tests run the steps themselves. */
  const jobs: { sessionId: string; delaySeconds: number; quiet: number }[] = [];
  /** Reindex steps asked of the job queue, each as the step's message. */
  const reindexSteps: { reindexId: string; after?: string }[] = [];
  const jobQueue: JobQueue = {
    async continueCancellation(sessionId, opts = {}) {
      jobs.push({ sessionId, delaySeconds: opts.delaySeconds ?? 0, quiet: opts.quiet ?? 0 });
    },
    async continueReindex(reindexId, after) {
      reindexSteps.push({ reindexId, ...(after ? { after } : {}) });
    },
  };
  const piiKey = randomBytes(32).toString('base64');
  let now = Date.now();
  const clock = { now: () => now };
  const bus = recordingBus();
  const search = new MemorySearchIndex(MiniSearch);
  const outbox = new OutboxNotifier(redis, clock.now);
  const composed = compose(
    // A Bloom filter of its own per test file, never complete unless the test builds it.
    { redis, db, table, clock, idFilterName: `ids-${randomBytes(6).toString('hex')}` },
    {
      ...testSettings(),
      piiKey: () => piiKey,
      payments: {
        channels: ['sandbox', 'alipay'],
        alipay: () => {
          if (!opts.alipay) throw new Error('realDeps({ alipay }) needs the stand-in for Alipay payments');
          return {
            ...opts.alipay.credentials,
            gateway: opts.alipay.gateway,
            notifyUrl: ALIPAY_TEST_NOTIFY_URL,
          };
        },
      },
    },
    {
      scheduler: { schedule: async () => undefined, cancel: async () => undefined },
      events: bus,
      orderQueue: queue,
      jobQueue,
      search,
      ticketSigner: new TicketSigner(TicketSigner.generatePrivateKeyPem()),
      notifier: outbox,
    },
  );
  const d = {
    ...composed,
    /** The table this composition reads and writes (this file's own unless the test named one). */
    table,
    // Adapters the tests reach past the ports (the gateway's settle, the queue's failures).
    sandbox: composed.paymentProviders.get('sandbox') as SandboxPaymentProvider,
    orderQueue: queue,
    events: bus,
    search,
    notifier: outbox,
    redis,
    db,
    sent,
    jobs,
    reindexSteps,
    /**
     * The events in this table's outbox (in AWS the stream carries them to the relay): what a
     * move wrote in its own transaction. `relay` also puts the ones not relayed yet on the
     * recording bus, as the relay would.
     */
    outbox: async (relay = false): Promise<DomainEvent[]> => {
      await tableReady;
      const found: DomainEvent[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await dynamo.send(
          new ScanCommand({
            TableName: table,
            FilterExpression: 'begins_with(pk, :p)',
            ExpressionAttributeValues: { ':p': { S: OUTBOX_PK_PREFIX } },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const e = eventOfStreamImage(item);
          if (!e) continue;
          found.push(e.event);
          if (relay && !relayed.has(e.eventId)) {
            relayed.add(e.eventId);
            await bus.publish([e.event]);
          }
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return found;
    },
    setNow: (ms: number) => {
      now = ms;
    },
    close: async () => {
      await redis.quit();
      dynamo.destroy();
    },
  };
  return d;
}
