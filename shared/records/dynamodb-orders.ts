import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  MOVE_ACTORS,
  ORDER_MOVES,
  type OrderMove,
  type PlainMove,
  type UnpaidEnd,
} from '#shared/orders/order-status.ts';
import type {
  OrderPage,
  OrderRecord,
  OrderRecords,
  OrderStatus,
  WriteOrderOutcome,
} from '#shared/ports/orders.ts';
import { GSI1 } from '#shared/records/table.ts';

export const orderKey = (n: string) => ({ pk: `ORDER#${n}`, sk: 'META' });
const seatKey = (sessionId: string, seatId: string) => ({ pk: `SESSION#${sessionId}`, sk: `SEAT#${seatId}` });

/** Orders by user, newest first, through GSI1 (no scans). */
const byUser = (o: OrderRecord) => ({
  gsi1pk: `USER#${o.userId}#ORDERS`,
  gsi1sk: `${o.createdAt}#${o.orderNumber}`,
});

const toRecord = (item: Record<string, unknown>): OrderRecord => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...order } = item;
  return order as unknown as OrderRecord;
};

/**
 * The condition of a move from the state machine's table: the order exists and its status is
 * one the move may start from; sets the new status as `:to`.
 */
export function moveCondition(move: OrderMove, values: Record<string, unknown> = {}) {
  const m: { from: readonly string[]; to: string; unlessCheckedIn?: true } = ORDER_MOVES[move];
  const fromValues = Object.fromEntries(m.from.map((f, i) => [`:f${i}`, f]));
  const checkIns = m.unlessCheckedIn
    ? ' AND (attribute_not_exists(checkedIn) OR checkedIn = :noCheckIns)'
    : '';
  return {
    ConditionExpression: `attribute_exists(pk) AND #s IN (${Object.keys(fromValues).join(', ')})${checkIns}`,
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: {
      ...values,
      ...fromValues,
      ':to': m.to,
      ...(m.unlessCheckedIn ? { ':noCheckIns': 0 } : {}),
    },
  };
}

/**
 * A move's whole update: `set` plus the history entry appended in the same write (so the
 * history is exactly the moves that happened), under the move's condition.
 */
export function moveUpdate(
  move: OrderMove,
  set: string,
  at: string,
  values: Record<string, unknown> = {},
  by: string = MOVE_ACTORS[move],
) {
  const c = moveCondition(move, values);
  return {
    UpdateExpression: `${set}, #hist = list_append(if_not_exists(#hist, :noHist), :hist)`,
    ConditionExpression: c.ConditionExpression,
    ExpressionAttributeNames: { ...c.ExpressionAttributeNames, '#hist': 'history' },
    ExpressionAttributeValues: {
      ...c.ExpressionAttributeValues,
      ':noHist': [],
      ':hist': [{ status: ORDER_MOVES[move].to, at, by }],
    },
  };
}

export class DynamoDbOrderRecords implements OrderRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async writePendingPayment(order: OrderRecord): Promise<WriteOrderOutcome> {
    const items = [
      {
        Put: {
          TableName: this.table,
          Item: { ...orderKey(order.orderNumber), ...byUser(order), ...order, status: ORDER_MOVES.write.to },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...order.lines.map((l) => ({
        Put: {
          TableName: this.table,
          Item: {
            ...seatKey(order.sessionId, l.seatId),
            seatId: l.seatId,
            status: 'HELD',
            holdId: order.holdId,
            orderNumber: order.orderNumber,
            ...(l.idHash ? { idHash: l.idHash } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'written' };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return { kind: 'exists' };
      const taken = order.lines
        .filter((_, i) => reasons[i + 1]?.Code === 'ConditionalCheckFailed')
        .map((l) => l.seatId);
      if (taken.length > 0) return { kind: 'seat-taken', seatIds: taken };
      throw err; // TransactionConflict and the like: the message is retried
    }
  }

  async writeFailed(order: OrderRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...orderKey(order.orderNumber), ...byUser(order), ...order, status: ORDER_MOVES.fail.to },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async get(orderNumber: string): Promise<OrderRecord | undefined> {
    const res = await this.db.send(
      new GetCommand({ TableName: this.table, Key: orderKey(orderNumber), ConsistentRead: true }),
    );
    return res.Item ? toRecord(res.Item) : undefined;
  }

  async listByUser(
    userId: string,
    opts: { limit: number; cursor?: Record<string, unknown>; status?: OrderStatus },
  ): Promise<OrderPage> {
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: {
          ':pk': `USER#${userId}#ORDERS`,
          ...(opts.status ? { ':s': opts.status } : {}),
        },
        ...(opts.status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
        ScanIndexForward: false,
        Limit: opts.limit,
        ExclusiveStartKey: opts.cursor,
      }),
    );
    return { items: (res.Items ?? []).map(toRecord), cursor: res.LastEvaluatedKey };
  }

  /**
   * One transaction: the order's status change (conditional on its current status) and one
   * item per seat. False when the order was not in `from` (a race lost cleanly).
   */
  private async orderWithSeats(
    order: OrderRecord,
    change: { move: OrderMove; set: string; at: string; values: Record<string, unknown> },
    seatItem: (line: OrderRecord['lines'][number]) => Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: orderKey(order.orderNumber),
                ...moveUpdate(change.move, change.set, change.at, change.values),
              },
            },
            ...order.lines.map(seatItem),
          ],
        }),
      );
      return true;
    } catch (err) {
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return false;
      }
      throw err;
    }
  }

  /** The seat goes back only if it is still this hold's (a missing item is fine). */
  private deleteSeatIfOurs(order: OrderRecord) {
    return (l: OrderRecord['lines'][number]) => ({
      Delete: {
        TableName: this.table,
        Key: seatKey(order.sessionId, l.seatId),
        ConditionExpression: 'attribute_not_exists(pk) OR holdId = :h',
        ExpressionAttributeValues: { ':h': order.holdId },
      },
    });
  }

  endUnpaid(order: OrderRecord, move: UnpaidEnd, nowIso: string): Promise<boolean> {
    return this.orderWithSeats(
      order,
      { move, set: 'SET #s = :to, endedAt = :now', at: nowIso, values: { ':now': nowIso } },
      this.deleteSeatIfOurs(order),
    );
  }

  markPaid(order: OrderRecord, paymentId: string, paidAt: string): Promise<boolean> {
    return this.orderWithSeats(
      order,
      {
        move: 'pay',
        set: 'SET #s = :to, paidAt = :at, paymentId = :p',
        at: paidAt,
        values: { ':at': paidAt, ':p': paymentId },
      },
      (l) => ({
        Update: {
          TableName: this.table,
          Key: seatKey(order.sessionId, l.seatId),
          UpdateExpression: 'SET #s = :sold',
          ConditionExpression: 'holdId = :h',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sold': 'SOLD', ':h': order.holdId },
        },
      }),
    );
  }

  async transition(orderNumber: string, move: PlainMove, nowIso: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: orderKey(orderNumber),
          ...moveUpdate(move, 'SET #s = :to, updatedAt = :now', nowIso, { ':now': nowIso }),
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  completeRefund(order: OrderRecord, nowIso: string): Promise<boolean> {
    return this.orderWithSeats(
      order,
      {
        move: 'completeRefund',
        set: 'SET #s = :to, refundedAt = :now',
        at: nowIso,
        values: { ':now': nowIso },
      },
      this.deleteSeatIfOurs(order),
    );
  }

  async setLastPayment(orderNumber: string, paymentId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: orderKey(orderNumber),
        UpdateExpression: 'SET lastPaymentId = :p',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':p': paymentId },
      }),
    );
  }
}
