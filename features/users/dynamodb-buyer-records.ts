import {
  DeleteCommand,
  type DocumentClient,
  isConditionalCheckFailed,
  PutCommand,
} from '#platform/clients/dynamodb.ts';
import { queryAll } from '#platform/dynamodb/query-all.ts';
import type { BuyerRecord, BuyerRecords } from './port.ts';

export class DynamoDbBuyerRecords implements BuyerRecords {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async create(buyer: BuyerRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `USER#${buyer.userId}`, sk: `BUYER#${buyer.buyerId}`, ...buyer },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  list(userId: string): Promise<BuyerRecord[]> {
    return queryAll<BuyerRecord>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':sk': 'BUYER#' },
      ConsistentRead: true,
    });
  }

  async delete(userId: string, buyerId: string): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: `USER#${userId}`, sk: `BUYER#${buyerId}` },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }
}
