import {
  type DocumentClient,
  isConditionalCheckFailed,
  PutCommand,
  UpdateCommand,
} from '#platform/clients/dynamodb.ts';
import { getRecord } from '#platform/dynamodb/items.ts';
import type { WaitlistRecords } from './port.ts';
import type { WaitlistRecord, WaitlistStatus } from './schema.ts';

const key = (waitlistId: string) => ({ pk: `WAITLIST#${waitlistId}`, sk: 'META' });

export class DynamoDbWaitlistRecords implements WaitlistRecords {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async create(entry: WaitlistRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key(entry.waitlistId), ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  get(waitlistId: string): Promise<WaitlistRecord | undefined> {
    return getRecord<WaitlistRecord>(this.db, this.table, key(waitlistId), true);
  }

  async update(
    waitlistId: string,
    to: WaitlistStatus,
    set: Partial<Pick<WaitlistRecord, 'offeredAt' | 'offerExpiresAt' | 'holdId' | 'closedReason'>>,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = { ':to': to, ':waiting': 'WAITING' };
    const sets = ['#s = :to'];
    for (const [field, value] of Object.entries(set)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(waitlistId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#s = :waiting',
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
}
