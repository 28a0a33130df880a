import type { Context, DynamoDBBatchResponse, SQSBatchResponse } from 'aws-lambda';
import { OUTBOX_PK_PREFIX } from '#shared/events/outbox.ts';
import { type BackgroundFunction, triggersOf } from '../../app/registry.ts';
import { lambdaContext } from './api-gateway.ts';
import { startStreamPoller } from './dynamodb-stream-poller.ts';
import { LocalEventBus } from './local-event-bus.ts';
import { LocalHoldExpiryScheduler } from './local-hold-expiry-scheduler.ts';
import { queueArn } from './sqs-local.ts';
import { startSqsPoller } from './sqs-poller.ts';

/** A background function's handler as the local stand-ins call it. */
type Handler = (event: never, context: Context) => Promise<unknown>;

async function handlerOf(name: BackgroundFunction): Promise<Handler> {
  return ((await import(`../../functions/${name}/index.ts`)) as { handler: Handler }).handler;
}

const report = (what: string) => (err: unknown) => console.error(`${what} failed`, err);

/**
 * The background triggers of functions/triggers.ts, locally: the scheduler stand-in calls
 * the hold-expiry function, the local bus routes each detail-type to its rule's function,
 * and, once `start` is called, the SQS poller feeds the queue consumers and intervals run the
 * scheduled jobs. The CDK stack reads the same table.
 */
export async function localTriggers() {
  const [hold] = triggersOf('hold-expiry');
  const release = await handlerOf(hold![0]);
  const scheduler = new LocalHoldExpiryScheduler((event) => release(event as never, lambdaContext(hold![0])));
  const events = new LocalEventBus((err, event) => report(`event target for ${event['detail-type']}`)(err));
  for (const [name, t] of triggersOf('bus')) {
    const target = await handlerOf(name);
    for (const type of t.detailTypes) events.subscribe(type, (e) => target(e as never, lambdaContext(name)));
  }
  const stopAll = async (stops: (() => Promise<void> | void)[]) => {
    for (const s of stops.reverse()) await Promise.resolve(s()).catch(() => undefined);
  };

  return {
    scheduler,
    events,
    /**
     * Starts the pollers and intervals. `queueUrl` maps a queue name to its local URL;
     * `scheduleSeconds` gives each scheduled function its local rate (shorter than in AWS, so
     * demos and tests see the jobs work).
     * Returns what stops them.
     */
    async start(opts: {
      queueUrl: (queue: string) => string;
      scheduleSeconds: (fn: BackgroundFunction) => number;
      /** The table whose stream the stream consumers read (DynamoDB Local's own stream). */
      stream: { endpoint: string; table: string };
    }): Promise<() => Promise<void>> {
      const stops: (() => Promise<void> | void)[] = [];
      for (const [name, t] of triggersOf('stream')) {
        const handler = await handlerOf(name);
        const poller = startStreamPoller({
          ...opts.stream,
          batchSize: t.batchSize,
          // What the CDK event source's filter keeps: the outbox's inserts.
          keep: (r) =>
            r.eventName === 'INSERT' && Boolean(r.dynamodb?.Keys?.pk?.S?.startsWith(OUTBOX_PK_PREFIX)),
          handler: (event, context) =>
            handler(event as never, context) as Promise<DynamoDBBatchResponse | undefined>,
          context: () => lambdaContext(name),
          onError: report(`${name} batch`),
        });
        stops.push(() => poller.stop());
      }
      for (const [name, t] of triggersOf('queue')) {
        const handler = await handlerOf(name);
        const poller = startSqsPoller({
          queueUrl: opts.queueUrl(t.queue),
          queueArn: queueArn(t.queue),
          batchSize: t.batchSize,
          handler: (event, context) =>
            handler(event as never, context) as Promise<SQSBatchResponse | undefined>,
          context: () => lambdaContext(name),
          onError: report(`${name} batch`),
        });
        stops.push(() => poller.stop());
      }
      for (const [name] of triggersOf('schedule')) {
        const handler = await handlerOf(name);
        const timer = setInterval(() => {
          handler({} as never, lambdaContext(name)).catch(report(name));
        }, opts.scheduleSeconds(name) * 1000);
        timer.unref();
        stops.push(() => clearInterval(timer));
      }
      return () => stopAll(stops);
    },
    /** Stops the scheduler's timers and waits for deliveries in flight. */
    stop: () => stopAll([() => scheduler.stop(), () => events.drain()]),
  };
}
