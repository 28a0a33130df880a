import {
  type DocumentClient,
  GetCommand,
  isConditionalCheckFailed,
  isTransactionCanceled,
  type TransactionCanceled,
  TransactWriteCommand,
  UpdateCommand,
} from '#platform/clients/dynamodb.ts';
import { queryAll } from '#platform/dynamodb/query-all.ts';
import { SOLD_STATUSES } from '#shared/orders/order-status.ts';
import type { TicketRecord, TicketRecords, TicketStatus } from '#shared/ports/tickets.ts';
import { orderKey } from '#shared/records/dynamodb-order-reads.ts';
import { moveUpdate } from '#shared/records/dynamodb-orders.ts';

/** Tickets live beside their order (same partition): ORDER#<n> / TICKET#<seatId>. */
const key = (orderNumber: string, seatId: string) => ({ pk: `ORDER#${orderNumber}`, sk: `TICKET#${seatId}` });

/** Which items of a cancelled transaction failed their condition (by position). */
const failedConditions = (err: TransactionCanceled): boolean[] =>
  (err.CancellationReasons ?? []).map((r) => r.Code === 'ConditionalCheckFailed');

export class DynamoDbTicketRecords implements TicketRecords {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async issueAll(orderNumber: string, tickets: TicketRecord[], issuedAtIso: string): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: orderKey(orderNumber),
                ...moveUpdate('issueTickets', {
                  orderNumber,
                  set: 'SET #s = :to, updatedAt = :now',
                  at: issuedAtIso,
                  values: { ':now': issuedAtIso },
                }),
              },
            },
            ...tickets.map((t) => ({
              Put: {
                TableName: this.table,
                Item: { ...key(t.orderNumber, t.seatId), ...t },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
      return true;
    } catch (err) {
      if (isTransactionCanceled(err) && failedConditions(err).some(Boolean)) return false;
      throw err;
    }
  }

  list(orderNumber: string): Promise<TicketRecord[]> {
    return queryAll<TicketRecord>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `ORDER#${orderNumber}`, ':sk': 'TICKET#' },
      ConsistentRead: true,
    });
  }

  async markUsed(
    orderNumber: string,
    seatId: string,
    nowIso: string,
  ): Promise<{ used: true } | { used: false; status: TicketStatus | 'MISSING' | 'ORDER_NOT_SOLD' }> {
    const sold = Object.fromEntries(SOLD_STATUSES.map((s, i) => [`:sold${i}`, s]));
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: key(orderNumber, seatId),
                UpdateExpression: 'SET #s = :used, usedAt = :now',
                ConditionExpression: '#s = :valid',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':used': 'USED', ':valid': 'VALID', ':now': nowIso },
              },
            },
            {
              // The order counts its check-ins; a refund's move requires none (order-status.ts).
              Update: {
                TableName: this.table,
                Key: orderKey(orderNumber),
                UpdateExpression: 'ADD checkedIn :one',
                ConditionExpression: `#s IN (${Object.keys(sold).join(', ')})`,
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':one': 1, ...sold },
              },
            },
          ],
        }),
      );
      return { used: true };
    } catch (err) {
      if (!isTransactionCanceled(err)) throw err;
      const [ticketFailed, orderFailed] = failedConditions(err);
      if (!ticketFailed && !orderFailed) throw err;
      const res = await this.db.send(
        new GetCommand({ TableName: this.table, Key: key(orderNumber, seatId), ConsistentRead: true }),
      );
      const status = (res.Item?.status as TicketStatus | undefined) ?? 'MISSING';
      // A used or unknown ticket says so; a valid ticket of an order no longer sold is void.
      return { used: false, status: ticketFailed || status !== 'VALID' ? status : 'ORDER_NOT_SOLD' };
    }
  }

  async voidAll(orderNumber: string): Promise<void> {
    for (const t of await this.list(orderNumber)) {
      if (t.status !== 'VALID') continue;
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key(orderNumber, t.seatId),
            UpdateExpression: 'SET #s = :void',
            // Never over a USED ticket: the gate's word is final.
            ConditionExpression: '#s = :valid',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':void': 'VOID', ':valid': 'VALID' },
          }),
        );
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
    }
  }
}
