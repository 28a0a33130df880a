import type { DomainEvent, EventBus } from '#kernel/events.ts';
import {
  createDocumentClient,
  type DeferredCommand,
  type DocumentClient,
  TransactWriteCommand,
} from '#platform/clients/dynamodb.ts';
import { OUTBOX_PK_PREFIX } from '#shared/events/outbox.ts';
import { DynamoDbOrderRecords } from '#shared/records/dynamodb-orders.ts';

type TransactItem = { Put?: { Item?: Record<string, unknown> } };

/**
 * The order records as they were before the transactional outbox, for the bench's
 * before-and-after of the notify path in one run: the same transactions without their outbox
 * item, and the event published on the bus after the commit (what `finishPaid` did). Bench
 * only: this is the behaviour that could lose an `OrderPaid`.
 */
export function preOutboxOrders(bus: EventBus, table: string): DynamoDbOrderRecords {
  const db = createDocumentClient();
  const client: DocumentClient = {
    send: async <O>(command: DeferredCommand<unknown, O>): Promise<O> => {
      if (command.name !== 'TransactWriteCommand') return db.send(command);
      const input = command.input as { TransactItems: TransactItem[] };
      const isOutbox = (t: TransactItem) => String(t.Put?.Item?.pk ?? '').startsWith(OUTBOX_PK_PREFIX);
      const events = input.TransactItems.filter(isOutbox).map(
        (t) => ({ type: t.Put!.Item!.type, detail: t.Put!.Item!.detail }) as DomainEvent,
      );
      const answer = (await db.send(
        new TransactWriteCommand({
          ...input,
          TransactItems: input.TransactItems.filter((t) => !isOutbox(t)),
        } as never),
      )) as O;
      if (events.length > 0) await bus.publish(events);
      return answer;
    },
  };
  return new DynamoDbOrderRecords(client, table);
}
