import { DescribeTableCommand, type DocumentClient } from '#platform/clients/dynamodb.ts';

/** The health probe: the table answers a describe (no item read, no capacity used). */
export async function tableAnswers(db: DocumentClient, table: string): Promise<boolean> {
  await db.send(new DescribeTableCommand({ TableName: table }));
  return true;
}
