import type { EventType } from '#kernel/events.ts';
import type { BusJobDefinition, RateJobDefinition } from '#platform/lambda/jobs.ts';

/**
 * How each background function not yet declared in a feature module (a folder under
 * functions/ with no HTTP route) is started; app/registry.ts adds the features' jobs.
 * The one source for the CDK stack (rules, event sources, the Scheduler's role) and the local
 * runtime (intervals, the local bus, the SQS poller, the scheduler stand-in). A new job goes
 * into its feature (`defineBusJob`, `defineRateJob` in features/<name>/jobs.ts) where its kind
 * allows; hold expiries, queues, the stream and the deploy are still declared here.
 */
export type Trigger =
  /** EventBridge Scheduler, one schedule per hold at its expiry (locally: timers). */
  | { kind: 'hold-expiry'; reservedConcurrency: number; summary: string }
  /** A fixed-rate rule (locally: an interval, shorter by default; see docs/LOCAL.md): a rate job's trigger. */
  | Omit<RateJobDefinition<never, unknown>, 'needs' | 'run' | 'container' | 'stack'>
  /** A rule on the domain event bus; EventBridge retries a failed invocation: a bus job's trigger. */
  | Omit<BusJobDefinition<EventType, never, unknown>, 'needs' | 'run' | 'malformed'>
  /**
   * An SQS queue, with partial batch failures: the V4 order queue, or the organiser job queue.
   * `maxConcurrency` caps the event source (the order writers' is a deploy setting).
   */
  | {
      kind: 'queue';
      queue: 'orders' | 'jobs';
      batchSize: number;
      timeoutSeconds: number;
      maxConcurrency?: number;
      summary: string;
    }
  /**
   * The table's DynamoDB stream, filtered to the outbox's inserts (shared/events/outbox.ts),
   * with partial batch responses: a failed record is delivered again, and nothing after it first.
   */
  | {
      kind: 'stream';
      batchSize: number;
      timeoutSeconds: number;
      reservedConcurrency: number;
      summary: string;
    }
  /** A CloudFormation custom resource: runs at every `cdk deploy` (locally the runtime seeds itself). */
  | { kind: 'deploy'; timeoutSeconds: number; summary: string };

export const TRIGGERS = {
  bootstrap: {
    kind: 'deploy',
    timeoutSeconds: 120,
    summary: 'First deploy and every deploy: keys generated into their secrets, categories, the first admin',
  },
  'hold-release': {
    kind: 'hold-expiry',
    // Expiries come in waves (an on-sale minute's holds end together): enough to keep up,
    // never enough to starve the buy path of the account's concurrency.
    reservedConcurrency: 50,
    summary: 'Releases one hold (and expires its unpaid order) at its expiry',
  },
  'order-writer': {
    kind: 'queue',
    queue: 'orders',
    batchSize: 10,
    timeoutSeconds: 30,
    summary: 'Writes queued orders to DynamoDB (seat-state items are the durable guard)',
  },
  'organiser-jobs': {
    kind: 'queue',
    queue: 'jobs',
    batchSize: 1,
    // A step works for 20 s at most, then queues the next one.
    timeoutSeconds: 60,
    // Several sessions may be cancelled at once; each is worked by one step at a time (a lease).
    maxConcurrency: 4,
    summary:
      'Organiser jobs step by step: a session’s cancellation (holds, unpaid orders, refunds, void tickets, buyers told), a search reindex from the DynamoDB listings',
  },
  'outbox-relay': {
    kind: 'stream',
    batchSize: 100,
    timeoutSeconds: 30,
    // One stream shard is read by one invocation at a time anyway; a few shards in an on-sale.
    reservedConcurrency: 10,
    summary: 'Puts the outbox’s events (OrderPaid) on the bus, in order, until the bus takes them',
  },
} as const satisfies Record<string, Trigger>;
