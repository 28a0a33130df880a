import type { DomainEvent, DomainEvents } from '#kernel/events.ts';

/**
 * The transactional outbox. An event that money or tickets depend on (OrderPaid: the tickets
 * of a paid order) is written as an item of the table in the same transaction as the move
 * that causes it, so the move and the event exist together or not at all. The table's stream
 * carries each new outbox item to the relay (functions/outbox-relay), which puts it on the
 * bus, retrying until the bus takes it: a publish that fails after the commit can no longer
 * lose it. Delivery is at least once; consumers are idempotent (tickets derive from order
 * and seat). Items expire after a week (TTL); the relay reads only their insertion.
 *
 *   OUTBOX#<eventId>    EVENT    {type, detail, at, ttl}
 */
export const OUTBOX_PK_PREFIX = 'OUTBOX#';
const RETENTION_SECONDS = 7 * 24 * 3_600;

/** The events that travel through the outbox (the relay refuses anything else). */
export const OUTBOX_TYPES: ReadonlySet<keyof DomainEvents> = new Set(['OrderPaid']);

/** The outbox item of an event, as a transaction's Put (conditional: one item per event id). */
export function outboxPut(table: string, eventId: string, event: DomainEvent, nowMs: number) {
  if (!OUTBOX_TYPES.has(event.type)) throw new Error(`${event.type} does not go through the outbox`);
  return {
    Put: {
      TableName: table,
      Item: {
        pk: `${OUTBOX_PK_PREFIX}${eventId}`,
        sk: 'EVENT',
        type: event.type,
        detail: event.detail,
        at: new Date(nowMs).toISOString(),
        ttl: Math.floor(nowMs / 1000) + RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
