import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import MiniSearch from 'minisearch';
import { inject } from 'vitest';
import { compose } from '#shared/app/compose.ts';
import { documentClientOver } from '#shared/clients/dynamodb.ts';
import { OutboxNotifier } from '#shared/notifications/outbox-notifier.ts';
import { decodeOrderMessage, encodeOrderMessage } from '#shared/orders/order-message.ts';
import type { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import type { JobQueue } from '#shared/ports/jobs.ts';
import type { OrderMessage, OrderQueue } from '#shared/ports/orders.ts';
import { MemorySearchIndex } from '#shared/search/memory-search-index.ts';
import { TicketSigner } from '#shared/tickets/ticket-signer.ts';
import type { AlipayStandIn } from '../../infra/local/alipay-stand-in.ts';
import { recordingBus, testRedis, testSettings } from './fixtures.ts';

/** Where realDeps' Alipay trades say to notify; tests deliver notifies to the use case themselves. */
export const ALIPAY_TEST_NOTIFY_URL = 'http://127.0.0.1:9/v1/payments/alipay/notify';

/**
 * The production composition (`compose`) against this run's real servers: the test
 * redis-server and the runtime's DynamoDB Local (table `ticketing`, or a test's own table for
 * jobs that sweep the whole table), with a settable clock, a
 * recording order queue and bus, and no scheduler. For tests below the HTTP layer.
 */
export function realDeps(opts: { table?: string; alipay?: AlipayStandIn } = {}) {
  const table = opts.table ?? 'ticketing';
  const redis = testRedis();
  const dynamo = new DynamoDBClient({
    endpoint: inject('apiDynamoDbUrl'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const db = documentClientOver(() => dynamo);
  const sent: OrderMessage[] = [];
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
  const jobQueue: JobQueue = {
    async continueCancellation(sessionId, opts = {}) {
      jobs.push({ sessionId, delaySeconds: opts.delaySeconds ?? 0, quiet: opts.quiet ?? 0 });
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
