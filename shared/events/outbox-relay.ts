import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DomainEvent, DomainEvents, EventBus } from '#kernel/events.ts';
import { logger } from '#kernel/observability/logger.ts';
import { OUTBOX_PK_PREFIX, OUTBOX_TYPES } from '#shared/events/outbox.ts';

/** One record of the table's stream, as Lambda's DynamoDB event source (and the local poller) gives it. */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue>; SequenceNumber?: string };
}

/**
 * The event an outbox item's stream image carries, or undefined for any other item of the
 * table (the event source's filter lets only outbox inserts through; this checks again).
 */
export function eventOfStreamImage(
  image: Record<string, AttributeValue> | undefined,
): { eventId: string; event: DomainEvent } | undefined {
  if (!image) return undefined;
  const item = unmarshall(image) as { pk?: unknown; type?: unknown; detail?: unknown };
  if (typeof item.pk !== 'string' || !item.pk.startsWith(OUTBOX_PK_PREFIX)) return undefined;
  if (typeof item.type !== 'string' || !OUTBOX_TYPES.has(item.type as keyof DomainEvents)) return undefined;
  if (typeof item.detail !== 'object' || item.detail === null) return undefined;
  return {
    eventId: item.pk.slice(OUTBOX_PK_PREFIX.length),
    event: { type: item.type, detail: item.detail } as DomainEvent,
  };
}

/** The bus takes at most this many events per call (EventBridge PutEvents). */
const BATCH = 10;

/**
 * The outbox relay (a DynamoDB stream event source, filtered to outbox inserts): puts each
 * record's event on the bus, in stream order, ten at a time. When the bus refuses a batch,
 * its first record and every later one are reported failed (the event source retries from
 * there, so nothing after a failure is skipped); records put before it are done. A record
 * that is not an outbox event is skipped, logged.
 */
export async function relayOutbox(
  d: { events: EventBus },
  records: StreamRecord[],
): Promise<{ batchItemFailures: { itemIdentifier: string }[]; relayed: number }> {
  const events: { event: DomainEvent; sequence: string }[] = [];
  for (const r of records) {
    const found = r.eventName === 'INSERT' ? eventOfStreamImage(r.dynamodb?.NewImage) : undefined;
    if (found) events.push({ event: found.event, sequence: r.dynamodb?.SequenceNumber ?? '' });
    else logger.warn('stream record that is not an outbox insert: skipped', { eventName: r.eventName });
  }
  let relayed = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH);
    try {
      await d.events.publish(batch.map((e) => e.event));
      relayed += batch.length;
    } catch (error) {
      logger.warn('outbox relay: the bus refused a batch; the stream delivers it again', {
        error: error as Error,
        first: batch[0]?.sequence,
      });
      return { batchItemFailures: [{ itemIdentifier: batch[0]!.sequence }], relayed };
    }
  }
  return { batchItemFailures: [], relayed };
}
