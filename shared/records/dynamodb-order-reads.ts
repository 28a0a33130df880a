import { type DocumentClient, GetCommand } from '#platform/clients/dynamodb.ts';
import type { OrderReads, OrderRecord } from '#shared/ports/orders.ts';

export const orderKey = (n: string) => ({ pk: `ORDER#${n}`, sk: 'META' });

/** An order item without its table keys. */
export const toOrderRecord = (item: Record<string, unknown>): OrderRecord => {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    gsi2pk: _g3,
    gsi2sk: _g4,
    gsi3pk: _g5,
    gsi3sk: _g6,
    ticketsNudgedAt: _n,
    ...order
  } = item;
  return order as unknown as OrderRecord;
};

/**
 * An order by its number, and nothing else: what the hot path's composition needs (a hold
 * that rebuilds a vanished session restores its unpaid orders' holds). Its own module, so the
 * hold's bundle carries no order-writing code; DynamoDbOrderRecords extends it.
 */
export class DynamoDbOrderReads implements OrderReads {
  constructor(
    protected readonly db: DocumentClient,
    protected readonly table: string,
  ) {}

  async get(orderNumber: string): Promise<OrderRecord | undefined> {
    const res = await this.db.send(
      new GetCommand({ TableName: this.table, Key: orderKey(orderNumber), ConsistentRead: true }),
    );
    return res.Item ? toOrderRecord(res.Item) : undefined;
  }
}
