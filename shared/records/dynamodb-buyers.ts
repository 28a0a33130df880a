import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BuyerRecord, BuyerRecords } from '#shared/ports/records.ts';

export class DynamoDbBuyerRecords implements BuyerRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
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

  async list(userId: string): Promise<BuyerRecord[]> {
    const items: BuyerRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':sk': 'BUYER#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const { pk: _pk, sk: _sk, ...b } of res.Items ?? []) items.push(b as BuyerRecord);
      start = res.LastEvaluatedKey;
    } while (start);
    return items;
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
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
