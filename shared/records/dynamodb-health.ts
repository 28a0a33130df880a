import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The health probe: the table answers a describe (no item read, no capacity used). */
export async function tableAnswers(db: DynamoDBDocumentClient, table: string): Promise<boolean> {
  await db.send(new DescribeTableCommand({ TableName: table }));
  return true;
}
