import {
  DeleteCommand,
  type DocumentClient,
  isConditionalCheckFailed,
  PutCommand,
  UpdateCommand,
} from '#platform/clients/dynamodb.ts';
import type { BeginOutcome, IdempotencyStore, StoredResponse } from '#shared/ports/idempotency.ts';

const KEEP_SECONDS = 24 * 3600;
/** A request still IN_PROGRESS after this long died with its Lambda: the key may be taken over. */
const IN_PROGRESS_SECONDS = 60;

/**
 * Idempotency records as conditional writes (not an in-memory map): the first request puts
 * IN_PROGRESS with its body hash; a repeat reads what is there. TTL cleans up after a day.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  private key(scope: string, key: string) {
    return { pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'RECORD' };
  }

  async begin(scope: string, key: string, requestHash: string, nowMs: number): Promise<BeginOutcome> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...this.key(scope, key),
            requestHash,
            state: 'IN_PROGRESS',
            inProgressUntil: nowMs + IN_PROGRESS_SECONDS * 1000,
            ttl: Math.floor(nowMs / 1000) + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#st = :ip AND inProgressUntil < :now)',
          ExpressionAttributeNames: { '#st': 'state' },
          ExpressionAttributeValues: { ':ip': 'IN_PROGRESS', ':now': nowMs },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'new' };
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const old = err.Item as Record<string, { S?: string; N?: string; M?: unknown }> | undefined;
      if (!old || old.requestHash?.S !== requestHash) return { kind: 'conflict' };
      if (old.state?.S !== 'COMPLETED' || !old.response?.S) return { kind: 'in-progress' };
      return { kind: 'replay', response: JSON.parse(old.response.S) as StoredResponse };
    }
  }

  async complete(scope: string, key: string, response: StoredResponse, nowMs: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: this.key(scope, key),
        UpdateExpression: 'SET #st = :done, #r = :r, completedAt = :now',
        ExpressionAttributeNames: { '#st': 'state', '#r': 'response' },
        ExpressionAttributeValues: { ':done': 'COMPLETED', ':r': JSON.stringify(response), ':now': nowMs },
      }),
    );
  }

  async abandon(scope: string, key: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: this.key(scope, key) }));
  }
}
