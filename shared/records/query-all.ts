import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** Runs a query to the end, page by page, and returns the items without their pk/sk. */
export async function queryAll<T>(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const out: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const { pk: _pk, sk: _sk, ...item } of res.Items ?? []) out.push(item as T);
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}
