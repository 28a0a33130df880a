import { createHash } from 'node:crypto';
import {
  type DocumentClient,
  isConditionalCheckFailed,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '#platform/clients/dynamodb.ts';
import { getRecord, withoutKeys } from '#platform/dynamodb/items.ts';
import type { PaymentRecord, PaymentRecords, PaymentStatus, PaymentWork } from '#shared/ports/payments.ts';
import { GSI1 } from '#shared/records/table.ts';

const key = (paymentId: string) => ({ pk: `PAYMENT#${paymentId}`, sk: 'META' });

/**
 * Payments that need the reconciler sit in GSI1 (sparse: only those items carry gsi1pk),
 * under `PAYMENTS#<work>#<shard>` sorted by due time. Eight shards per kind, so the on-sale
 * minute's payment writes spread over eight index partitions instead of one.
 */
const SHARDS = 8;
const shardOf = (paymentId: string) => createHash('sha1').update(paymentId).digest()[0]! % SHARDS;
const workKey = (work: PaymentWork, paymentId: string, dueIso: string) => ({
  gsi1pk: `PAYMENTS#${work}#${shardOf(paymentId)}`,
  gsi1sk: `${dueIso}#${paymentId}`,
});

export class DynamoDbPaymentRecords implements PaymentRecords {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async create(p: PaymentRecord, checkAtIso: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key(p.paymentId), ...p, ...workKey('open', p.paymentId, checkAtIso) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(paymentId: string): Promise<PaymentRecord | undefined> {
    const item = await getRecord<PaymentRecord & { gsi1pk?: string; gsi1sk?: string }>(
      this.db,
      this.table,
      key(paymentId),
      true,
    );
    if (!item) return undefined;
    const { gsi1pk: _p, gsi1sk: _s, ...record } = item;
    return record;
  }

  /**
   * A conditional change of status (and other attributes); `work` puts the payment in the
   * reconciler's index or (null) takes it out.
   */
  private async change(
    paymentId: string,
    from: PaymentStatus[],
    set: Record<string, unknown>,
    work?: { kind: PaymentWork; dueIso: string } | null,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = {};
    from.forEach((f, i) => {
      values[`:f${i}`] = f;
    });
    const fields = { ...set, ...(work ? workKey(work.kind, paymentId, work.dueIso) : {}) };
    const assignments = Object.entries(fields).map(([k, v]) => {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      return `#${k} = :${k}`;
    });
    const remove = work === null ? ' REMOVE gsi1pk, gsi1sk' : '';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(paymentId),
          UpdateExpression: `SET ${assignments.join(', ')}${remove}`,
          ConditionExpression: `attribute_exists(pk) AND #s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  markSucceeded(paymentId: string, paidAt: string): Promise<boolean> {
    return this.change(paymentId, ['CREATED', 'FAILED', 'CLOSED'], { status: 'SUCCEEDED', paidAt }, null);
  }

  async markFailed(paymentId: string): Promise<void> {
    await this.change(paymentId, ['CREATED'], { status: 'FAILED' }, null);
  }

  markClosed(paymentId: string, nowIso: string): Promise<boolean> {
    return this.change(paymentId, ['CREATED', 'FAILED'], { status: 'CLOSED', closedAt: nowIso }, null);
  }

  async checkLater(paymentId: string, atIso: string): Promise<void> {
    await this.change(paymentId, ['CREATED'], {}, { kind: 'open', dueIso: atIso });
  }

  requestRefund(paymentId: string, reason: string, nowIso: string): Promise<boolean> {
    return this.change(
      paymentId,
      ['SUCCEEDED'],
      { status: 'REFUND_PENDING', refundReason: reason, refundRequestedAt: nowIso, refundAttempts: 0 },
      { kind: 'refund', dueIso: nowIso },
    );
  }

  async refundLater(paymentId: string, atIso: string, attempts: number): Promise<void> {
    await this.change(
      paymentId,
      ['REFUND_PENDING'],
      { refundAttempts: attempts },
      { kind: 'refund', dueIso: atIso },
    );
  }

  markRefunded(paymentId: string, nowIso: string): Promise<boolean> {
    return this.change(paymentId, ['REFUND_PENDING'], { status: 'REFUNDED', refundedAt: nowIso }, null);
  }

  async due(work: PaymentWork, nowIso: string, limit: number): Promise<PaymentRecord[]> {
    const pages = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) =>
        this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :due',
            ExpressionAttributeValues: { ':pk': `PAYMENTS#${work}#${shard}`, ':due': `${nowIso}#~` },
            Limit: limit,
          }),
        ),
      ),
    );
    return pages
      .flatMap((page) => page.Items ?? [])
      .sort((a, b) => String(a.gsi1sk).localeCompare(String(b.gsi1sk)))
      .slice(0, limit)
      .map((item) => {
        const { gsi1pk: _p, gsi1sk: _s, ...record } = withoutKeys<Record<string, unknown>>(item);
        return record as unknown as PaymentRecord;
      });
  }
}
