import { type DocumentClient, GetCommand, isConditionalCheckFailed } from '#platform/clients/dynamodb.ts';

/** An item as its record: the table's own key attributes removed. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}

/** Reads one item by key; `consistent` where the caller must see its own latest write. */
export async function getRecord<T>(
  db: DocumentClient,
  table: string,
  key: { pk: string; sk: string },
  consistent: boolean,
): Promise<T | undefined> {
  const res = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: consistent }));
  return res.Item ? withoutKeys<T>(res.Item) : undefined;
}

/** A conditional write: false when its condition failed (a race lost, a record missing or present). */
export async function writeIf(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}
