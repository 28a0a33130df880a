import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type DocumentClient, QueryCommand } from '#platform/clients/dynamodb.ts';
import { withoutKeys } from '#platform/dynamodb/items.ts';

/** Runs a query to the end, page by page, and returns the items without their pk/sk. */
export async function queryAll<T>(db: DocumentClient, input: QueryCommandInput): Promise<T[]> {
  const out: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of res.Items ?? []) out.push(withoutKeys<T>(item));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}
