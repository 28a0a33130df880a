import {
  type DocumentClient,
  GetCommand,
  isTransactionCanceled,
  TransactWriteCommand,
} from '#platform/clients/dynamodb.ts';
import { getRecord } from '#platform/dynamodb/items.ts';
import type { UserRecord, UserRecords } from './port.ts';

const NOT_EXISTS = 'attribute_not_exists(pk)';

export class DynamoDbUserRecords implements UserRecords {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async create(user: UserRecord): Promise<{ ok: true } | { ok: false; taken: 'mobile' | 'email' }> {
    const items = [
      { pk: `USER#${user.userId}`, sk: 'PROFILE', ...user },
      { pk: `MOBILE#${user.mobile}`, sk: 'LOOKUP', userId: user.userId },
      ...(user.email ? [{ pk: `EMAIL#${user.email}`, sk: 'LOOKUP', userId: user.userId }] : []),
    ];
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: items.map((Item) => ({
            Put: { TableName: this.table, Item, ConditionExpression: NOT_EXISTS },
          })),
        }),
      );
      return { ok: true };
    } catch (err) {
      if (isTransactionCanceled(err)) {
        const reasons = err.CancellationReasons ?? [];
        if (reasons[1]?.Code === 'ConditionalCheckFailed') return { ok: false, taken: 'mobile' };
        if (reasons[2]?.Code === 'ConditionalCheckFailed') return { ok: false, taken: 'email' };
      }
      throw err;
    }
  }

  private async lookup(pk: string): Promise<string | undefined> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk: 'LOOKUP' } }));
    return res.Item?.userId as string | undefined;
  }

  findIdByMobile(mobile: string): Promise<string | undefined> {
    return this.lookup(`MOBILE#${mobile}`);
  }

  findIdByEmail(email: string): Promise<string | undefined> {
    return this.lookup(`EMAIL#${email}`);
  }

  get(userId: string): Promise<UserRecord | undefined> {
    return getRecord<UserRecord>(this.db, this.table, { pk: `USER#${userId}`, sk: 'PROFILE' }, false);
  }
}
