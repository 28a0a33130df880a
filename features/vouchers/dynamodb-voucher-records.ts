import {
  type DocumentClient,
  isTransactionCanceled,
  PutCommand,
  TransactWriteCommand,
} from '#platform/clients/dynamodb.ts';
import { getRecord, writeIf } from '#platform/dynamodb/items.ts';
import { queryAll } from '#platform/dynamodb/query-all.ts';
import type { RedeemOutcome, VoucherRecords } from './port.ts';
import type { VoucherRecord, VoucherUse } from './schema.ts';

const voucherKey = (programId: string, code: string) => ({
  pk: `PROGRAM#${programId}`,
  sk: `VOUCHER#${code}`,
});
const usesPk = (u: Pick<VoucherUse, 'programId' | 'code'>) => `VOUCHER#${u.programId}#${u.code}`;
const orderUseKey = (u: VoucherUse) => ({ pk: usesPk(u), sk: `USE#${u.orderNumber}` });
const userUseKey = (u: VoucherUse) => ({ pk: usesPk(u), sk: `USER#${u.userId}` });

/**
 * Vouchers in the one table: `PROGRAM#<id>` / `VOUCHER#<code>` with its `used` count, and one
 * item per use (`VOUCHER#<program>#<code>` / `USE#<order>`, plus `USER#<user>` for once-per-
 * user codes). Counting is a conditional update in the same transaction as the use items, so
 * `maxUses` holds under any concurrency and survives any crash (DynamoDB, not Redis: a lost
 * cache must never hand out uses again).
 */
export class DynamoDbVoucherRecords implements VoucherRecords {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  create(v: VoucherRecord): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...voucherKey(v.programId, v.code), ...v },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  get(programId: string, code: string): Promise<VoucherRecord | undefined> {
    return getRecord<VoucherRecord>(this.db, this.table, voucherKey(programId, code), true);
  }

  async list(programId: string): Promise<VoucherRecord[]> {
    return queryAll<VoucherRecord>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': `PROGRAM#${programId}`, ':v': 'VOUCHER#' },
      ConsistentRead: true,
    });
  }

  async redeem(use: VoucherUse): Promise<RedeemOutcome> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: voucherKey(use.programId, use.code),
                UpdateExpression: 'SET used = used + :one',
                ConditionExpression: 'attribute_exists(pk) AND used < maxUses',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...orderUseKey(use), userId: use.userId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(use.perUserOnce
              ? [
                  {
                    Put: {
                      TableName: this.table,
                      Item: { ...userUseKey(use), orderNumber: use.orderNumber },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return 'redeemed';
    } catch (err) {
      if (!isTransactionCanceled(err)) throw err;
      const [voucher, order, user] = (err.CancellationReasons ?? []).map(
        (r) => r.Code === 'ConditionalCheckFailed',
      );
      // This order already holds a use (a retried request): nothing more is counted.
      if (order) return 'redeemed';
      if (user) return 'used-by-user';
      if (voucher) return (await this.get(use.programId, use.code)) ? 'exhausted' : 'missing';
      throw err;
    }
  }

  async giveBack(use: VoucherUse): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.table,
                Key: orderUseKey(use),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: voucherKey(use.programId, use.code),
                UpdateExpression: 'SET used = used - :one',
                ConditionExpression: 'used > :zero',
                ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
              },
            },
            ...(use.perUserOnce
              ? [
                  {
                    Delete: {
                      TableName: this.table,
                      Key: userUseKey(use),
                      ConditionExpression: 'attribute_not_exists(pk) OR orderNumber = :o',
                      ExpressionAttributeValues: { ':o': use.orderNumber },
                    },
                  },
                ]
              : []),
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
