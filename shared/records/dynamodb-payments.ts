import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentRecord, PaymentRecords } from '#shared/ports/payments.ts';
import { getRecord } from '#shared/records/items.ts';

const key = (paymentId: string) => ({ pk: `PAYMENT#${paymentId}`, sk: 'META' });

export class DynamoDbPaymentRecords implements PaymentRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(p: PaymentRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key(p.paymentId), ...p },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  get(paymentId: string): Promise<PaymentRecord | undefined> {
    return getRecord<PaymentRecord>(this.db, this.table, key(paymentId), true);
  }

  private async transition(
    paymentId: string,
    from: string[],
    to: string,
    extra: Record<string, string> = {},
  ): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = { ':to': to };
    from.forEach((f, i) => {
      values[`:f${i}`] = f;
    });
    let set = '#s = :to';
    for (const [k, v] of Object.entries(extra)) {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      set += `, #${k} = :${k}`;
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(paymentId),
          UpdateExpression: `SET ${set}`,
          ConditionExpression: `attribute_exists(pk) AND #s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  markSucceeded(paymentId: string, paidAt: string): Promise<boolean> {
    return this.transition(paymentId, ['CREATED', 'FAILED'], 'SUCCEEDED', { paidAt });
  }

  async markFailed(paymentId: string): Promise<void> {
    await this.transition(paymentId, ['CREATED'], 'FAILED');
  }

  async markRefunded(paymentId: string): Promise<void> {
    await this.transition(paymentId, ['SUCCEEDED'], 'REFUNDED');
  }
}
