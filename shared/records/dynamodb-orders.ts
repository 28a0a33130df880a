import {
  isConditionalCheckFailed,
  isTransactionCanceled,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '#platform/clients/dynamodb.ts';
import { queryAll } from '#platform/dynamodb/query-all.ts';
import { outboxPut } from '#shared/events/outbox.ts';
import {
  MOVE_ACTORS,
  ORDER_MOVES,
  ORDER_WORK,
  type OrderMove,
  type OrderWork,
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
import { DynamoDbOrderReads, orderKey, toOrderRecord } from '#shared/records/dynamodb-order-reads.ts';
import { GSI1, GSI2, GSI3, SESSION_ORDER_SHARDS } from '#shared/records/table.ts';

const seatKey = (sessionId: string, seatId: string) => ({ pk: `SESSION#${sessionId}`, sk: `SEAT#${seatId}` });

/** Orders by user, newest first, through GSI1 (no scans). */
const byUser = (o: OrderRecord) => ({
  gsi1pk: `USER#${o.userId}#ORDERS`,
  gsi1sk: `${o.createdAt}#${o.orderNumber}`,
});

/**
 * Orders by session and status, through GSI2 (keys only): the session's cancel job finds its
 * work there and stats count there. Spread over shards so an on-sale's order writes do not
 * all land on one index partition. The status is kept in `gsi2sk` by every move.
 */
const sessionShard = (orderNumber: string): number => {
  let h = 0;
  for (let i = 0; i < orderNumber.length; i++) h = (h * 31 + orderNumber.charCodeAt(i)) >>> 0;
  return h % SESSION_ORDER_SHARDS;
};
const sessionOrdersPk = (sessionId: string, shard: number) => `SESSION#${sessionId}#ORDERS#${shard}`;
const bySession = (o: OrderRecord, status: OrderStatus) => ({
  gsi2pk: sessionOrdersPk(o.sessionId, sessionShard(o.orderNumber)),
  gsi2sk: status,
});
const SHARDS = Array.from({ length: SESSION_ORDER_SHARDS }, (_, i) => i);

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
 * The order's place in the background work lists (GSI3, sparse): `ORDERS#<work>#<shard>` /
 * `<due ISO>#<orderNumber>`, for the statuses `ORDER_WORK` names.
 */
export const orderWorkKey = (work: OrderWork, orderNumber: string, dueIso: string) => ({
  gsi3pk: `ORDERS#${work}#${sessionShard(orderNumber)}`,
  gsi3sk: `${dueIso}#${orderNumber}`,
});

/**
 * A move's whole update: `set` plus the history entry appended in the same write (so the
 * history is exactly the moves that happened), the status copied to the by-session index
 * key, and the order put on (or taken off) the work list of its new status, under the move's
 * condition. A move into a status with work is due from the move's time (a payment's).
 */
export function moveUpdate(
  move: OrderMove,
  change: { orderNumber: string; set: string; at: string; values?: Record<string, unknown>; by?: string },
) {
  const c = moveCondition(move, change.values ?? {});
  const work = ORDER_WORK[ORDER_MOVES[move].to];
  const listed = work ? orderWorkKey(work, change.orderNumber, change.at) : undefined;
  return {
    UpdateExpression:
      `${change.set}, #hist = list_append(if_not_exists(#hist, :noHist), :hist), gsi2sk = :to` +
      (listed ? ', gsi3pk = :wpk, gsi3sk = :wsk' : ' REMOVE gsi3pk, gsi3sk'),
    ConditionExpression: c.ConditionExpression,
    ExpressionAttributeNames: { ...c.ExpressionAttributeNames, '#hist': 'history' },
    ExpressionAttributeValues: {
      ...c.ExpressionAttributeValues,
      ':noHist': [],
      ':hist': [{ status: ORDER_MOVES[move].to, at: change.at, by: change.by ?? MOVE_ACTORS[move] }],
      ...(listed ? { ':wpk': listed.gsi3pk, ':wsk': listed.gsi3sk } : {}),
    },
  };
}

export class DynamoDbOrderRecords extends DynamoDbOrderReads implements OrderRecords {
  async writePendingPayment(order: OrderRecord): Promise<WriteOrderOutcome> {
    const items = [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...orderKey(order.orderNumber),
            ...byUser(order),
            ...bySession(order, ORDER_MOVES.write.to),
            // Due at its end: the sweeper finds it there even if Redis lost its hold.
            ...orderWorkKey(ORDER_WORK[ORDER_MOVES.write.to]!, order.orderNumber, order.expiresAt),
            ...order,
            status: ORDER_MOVES.write.to,
          },
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
      if (!isTransactionCanceled(err)) throw err;
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
          Item: {
            ...orderKey(order.orderNumber),
            ...byUser(order),
            ...bySession(order, ORDER_MOVES.fail.to),
            ...order,
            status: ORDER_MOVES.fail.to,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
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
    return { items: (res.Items ?? []).map(toOrderRecord), cursor: res.LastEvaluatedKey };
  }

  /**
   * One transaction: the order's status change (conditional on its current status) and one
   * item per seat. False when the order was not in `from` (a race lost cleanly).
   */
  private async orderWithSeats(
    order: OrderRecord,
    change: { move: OrderMove; set: string; at: string; values: Record<string, unknown>; by?: string },
    seatItem: (line: OrderRecord['lines'][number]) => Record<string, unknown>,
    extra: Record<string, unknown>[] = [],
  ): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: orderKey(order.orderNumber),
                ...moveUpdate(change.move, { orderNumber: order.orderNumber, ...change }),
              },
            },
            ...order.lines.map(seatItem),
            ...extra,
          ],
        }),
      );
      return true;
    } catch (err) {
      if (isTransactionCanceled(err) && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
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

  endUnpaid(order: OrderRecord, move: UnpaidEnd, nowIso: string, by?: string): Promise<boolean> {
    return this.orderWithSeats(
      order,
      { move, set: 'SET #s = :to, endedAt = :now', at: nowIso, values: { ':now': nowIso }, by },
      this.deleteSeatIfOurs(order),
    );
  }

  markPaid(
    order: OrderRecord,
    paymentId: string,
    paidAt: string,
    nowMs = Date.parse(paidAt),
  ): Promise<boolean> {
    // OrderPaid in the same transaction (the outbox): no paid order without its event.
    const paid = outboxPut(
      this.table,
      `OrderPaid#${order.orderNumber}`,
      {
        type: 'OrderPaid',
        detail: { orderNumber: order.orderNumber, userId: order.userId, sessionId: order.sessionId },
      },
      nowMs,
    );
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
      [paid],
    );
  }

  async transition(orderNumber: string, move: PlainMove, nowIso: string, by?: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: orderKey(orderNumber),
          ...moveUpdate(move, {
            orderNumber,
            set: 'SET #s = :to, updatedAt = :now',
            at: nowIso,
            values: { ':now': nowIso },
            ...(by ? { by } : {}),
          }),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
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

  async sessionOrderNumbers(sessionId: string, status: OrderStatus, limit: number): Promise<string[]> {
    const found: string[] = [];
    for (const shard of SHARDS) {
      let cursor: Record<string, unknown> | undefined;
      do {
        const res = await this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: GSI2,
            KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :s',
            ExpressionAttributeValues: { ':pk': sessionOrdersPk(sessionId, shard), ':s': status },
            Limit: Math.min(limit - found.length, 1000),
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of res.Items ?? []) found.push(String(item.pk).slice('ORDER#'.length));
        cursor = res.LastEvaluatedKey;
      } while (cursor && found.length < limit);
      if (found.length >= limit) break;
    }
    return found;
  }

  async countBySession(sessionId: string): Promise<Partial<Record<OrderStatus, number>>> {
    const counts: Partial<Record<OrderStatus, number>> = {};
    const shards = await Promise.all(
      SHARDS.map((shard) =>
        queryAll<{ gsi2sk: OrderStatus }>(this.db, {
          TableName: this.table,
          IndexName: GSI2,
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': sessionOrdersPk(sessionId, shard) },
          ProjectionExpression: 'gsi2sk',
        }),
      ),
    );
    for (const item of shards.flat()) {
      counts[item.gsi2sk] = (counts[item.gsi2sk] ?? 0) + 1;
    }
    return counts;
  }

  async dueOrders(work: OrderWork, beforeIso: string, limit: number): Promise<string[]> {
    const shards = await Promise.all(
      SHARDS.map(async (shard) => {
        const res = await this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: GSI3,
            KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :before',
            ExpressionAttributeValues: { ':pk': `ORDERS#${work}#${shard}`, ':before': beforeIso },
            ProjectionExpression: 'gsi3sk',
            Limit: limit,
          }),
        );
        return (res.Items ?? []) as { gsi3sk: string }[];
      }),
    );
    return shards
      .flat()
      .map((i) => i.gsi3sk)
      .sort()
      .slice(0, limit)
      .map((sk) => sk.slice(sk.lastIndexOf('#') + 1));
  }

  async countDue(work: OrderWork, beforeIso: string): Promise<number> {
    const counts = await Promise.all(
      SHARDS.map(async (shard) => {
        let n = 0;
        let start: Record<string, unknown> | undefined;
        do {
          const res = await this.db.send(
            new QueryCommand({
              TableName: this.table,
              IndexName: GSI3,
              KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :before',
              ExpressionAttributeValues: { ':pk': `ORDERS#${work}#${shard}`, ':before': beforeIso },
              Select: 'COUNT',
              ExclusiveStartKey: start,
            }),
          );
          n += res.Count ?? 0;
          start = res.LastEvaluatedKey;
        } while (start);
        return n;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  async nudgeOnce(order: OrderRecord, atIso: string): Promise<boolean> {
    // Marked and sent together: the second OrderPaid goes through the outbox too.
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: orderKey(order.orderNumber),
                UpdateExpression: 'SET ticketsNudgedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ticketsNudgedAt)',
                ExpressionAttributeValues: { ':at': atIso },
              },
            },
            outboxPut(
              this.table,
              `OrderPaid#${order.orderNumber}#again`,
              {
                type: 'OrderPaid',
                detail: { orderNumber: order.orderNumber, userId: order.userId, sessionId: order.sessionId },
              },
              Date.parse(atIso),
            ),
          ],
        }),
      );
      return true;
    } catch (err) {
      if (isTransactionCanceled(err)) return false;
      throw err;
    }
  }
}
