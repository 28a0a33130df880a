import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TicketRecord, TicketRecords, TicketStatus } from '#shared/ports/tickets.ts';
import { queryAll } from '#shared/records/query-all.ts';

/** Tickets live beside their order (same partition): ORDER#<n> / TICKET#<seatId>. */
const key = (orderNumber: string, seatId: string) => ({ pk: `ORDER#${orderNumber}`, sk: `TICKET#${seatId}` });

export class DynamoDbTicketRecords implements TicketRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async issue(t: TicketRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key(t.orderNumber, t.seatId), ...t },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
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
  ): Promise<{ used: true } | { used: false; status: TicketStatus | 'MISSING' }> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(orderNumber, seatId),
          UpdateExpression: 'SET #s = :used, usedAt = :now',
          ConditionExpression: '#s = :valid',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':used': 'USED', ':valid': 'VALID', ':now': nowIso },
        }),
      );
      return { used: true };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const res = await this.db.send(
        new GetCommand({ TableName: this.table, Key: key(orderNumber, seatId), ConsistentRead: true }),
      );
      return { used: false, status: (res.Item?.status as TicketStatus | undefined) ?? 'MISSING' };
    }
  }

  async voidAll(orderNumber: string): Promise<void> {
    for (const t of await this.list(orderNumber)) {
      if (t.status === 'VOID') continue;
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(orderNumber, t.seatId),
          UpdateExpression: 'SET #s = :void',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':void': 'VOID' },
        }),
      );
    }
  }
}
