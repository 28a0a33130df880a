import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, EventBridgeEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import { type DomainEvent, type EventType as DomainEventType, parseEvent } from '#kernel/events.ts';
import { logger } from '#kernel/observability/logger.ts';
import { withSecrets } from '#platform/clients/secrets.ts';

/**
 * Lambda handlers for what is not HTTP, each parsing its message with the message's own schema
 * before the use case sees it, and each with secrets loaded and metrics flushed (withSecrets).
 *
 * A message that does not parse never will. `malformed: 'drop'` logs it (error, the whole
 * message) and answers; `'retry'` throws, so Lambda retries it and then leaves it in the
 * function's dead-letter queue, where a person finds it (for messages whose loss costs a
 * customer something, such as OrderPaid).
 */
export type OnMalformed = 'drop' | 'retry';

function malformed(name: string, message: unknown, mode: OnMalformed): void {
  logger.error(`${name} got a malformed message`, { message: JSON.stringify(message) });
  if (mode === 'retry') throw new Error(`${name}: malformed message`);
}

/** An EventBridge rule target for domain events of `types`, each detail parsed with its event's schema. */
export function eventHandler<K extends DomainEventType, R>(
  name: string,
  types: readonly K[],
  fn: (event: Extract<DomainEvent, { type: K }>) => Promise<R>,
  opts: { malformed: OnMalformed },
): (event: EventBridgeEvent<string, unknown>) => Promise<R | { malformed: true }> {
  return withSecrets(async (event: EventBridgeEvent<string, unknown>) => {
    const type = event['detail-type'];
    const parsed = (types as readonly string[]).includes(type) ? parseEvent(type, event.detail) : undefined;
    if (!parsed) {
      malformed(name, event, opts.malformed);
      return { malformed: true as const };
    }
    return fn(parsed as Extract<DomainEvent, { type: K }>);
  });
}

/** An EventBridge Scheduler target: the schedule's input parsed with `schema`. */
export function scheduleHandler<S extends z.ZodMiniType, R>(
  name: string,
  schema: S,
  fn: (input: z.infer<S>) => Promise<R>,
  opts: { malformed: OnMalformed },
): (event: unknown) => Promise<R | { malformed: true }> {
  return withSecrets(async (event: unknown) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      malformed(name, event, opts.malformed);
      return { malformed: true as const };
    }
    return fn(parsed.data as z.infer<S>);
  });
}

/**
 * An SQS event source with partial batch responses: each record's body decoded (a throw fails
 * that record only: it comes back after its visibility timeout, then goes to the queue's DLQ),
 * then handed to `fn`; the others are done.
 */
export function queueHandler<M>(
  decode: (body: string) => M,
  fn: (message: M, record: SQSRecord) => Promise<void>,
): (event: SQSEvent, context: Context) => ReturnType<typeof processPartialResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord) => fn(decode(record.body), record);
  return withSecrets(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, recordHandler, processor, { context }),
  );
}
