import type { SessionQueueRecord } from '#features/waiting-room/index.ts';
import {
  BatchWriteCommand,
  type DocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '#platform/clients/dynamodb.ts';
import { getRecord, writeIf } from '#platform/dynamodb/items.ts';
import { queryAll } from '#platform/dynamodb/query-all.ts';
import type { CatalogueRecords, Category, ProgramRecord, SeatStateRecord, SessionRecord } from './records.ts';
import { SESSION_MOVES, type SessionMove } from './session-status.ts';

/**
 * The catalogue in the single table: `CATEGORIES`/`CAT#…`, `PROGRAM#…`/`META`, `SESSION#…`/
 * `META` (the layout document and the status), `SESSION#…`/`SEAT#…` (a held or sold seat's
 * durable state, written by the order writer with its order).
 */
export class DynamoDbCatalogueRecords implements CatalogueRecords {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async putCategories(categories: Category[]): Promise<void> {
    for (let i = 0; i < categories.length; i += 25) {
      await this.db.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.table]: categories.slice(i, i + 25).map((c) => ({
              PutRequest: { Item: { pk: 'CATEGORIES', sk: `CAT#${c.categoryId}`, ...c } },
            })),
          },
        }),
      );
    }
  }

  async createProgram(program: ProgramRecord, sessions: SessionRecord[]): Promise<void> {
    const cond = 'attribute_not_exists(pk)';
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { pk: `PROGRAM#${program.programId}`, sk: 'META', ...program },
              ConditionExpression: cond,
            },
          },
          ...sessions.map((s) => ({
            Put: {
              TableName: this.table,
              Item: { pk: `SESSION#${s.sessionId}`, sk: 'META', ...s },
              ConditionExpression: cond,
            },
          })),
        ],
      }),
    );
  }

  getProgram(programId: string): Promise<ProgramRecord | undefined> {
    return getRecord<ProgramRecord>(this.db, this.table, { pk: `PROGRAM#${programId}`, sk: 'META' }, false);
  }

  getSession(sessionId: string): Promise<SessionRecord | undefined> {
    return getRecord<SessionRecord>(this.db, this.table, { pk: `SESSION#${sessionId}`, sk: 'META' }, true);
  }

  setSessionQueue(sessionId: string, queue: SessionQueueRecord): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `SESSION#${sessionId}`, sk: 'META' },
          UpdateExpression: 'SET #q = :q',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#q': 'queue' },
          ExpressionAttributeValues: { ':q': queue },
        }),
      ),
    );
  }

  moveSession(sessionId: string, move: 'open' | 'close'): Promise<boolean> {
    return this.move(sessionId, move, 'SET #s = :to', {});
  }

  beginCancellation(sessionId: string, reason: string, atIso: string): Promise<boolean> {
    return this.move(sessionId, 'beginCancel', 'SET #s = :to, cancellation = :c', {
      ':c': { reason, requestedAt: atIso },
    });
  }

  finishCancellation(sessionId: string, atIso: string): Promise<boolean> {
    return this.move(sessionId, 'finishCancel', 'SET #s = :to, cancellation.finishedAt = :at', {
      ':at': atIso,
    });
  }

  /** One move of the session-status table: a write conditional on the move's `from` statuses. */
  private move(
    sessionId: string,
    move: SessionMove,
    update: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    const { from, to } = SESSION_MOVES[move];
    const fromValues = Object.fromEntries(from.map((status, i) => [`:from${i}`, status]));
    return writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `SESSION#${sessionId}`, sk: 'META' },
          UpdateExpression: update,
          ConditionExpression: `attribute_exists(pk) AND #s IN (${Object.keys(fromValues).join(', ')})`,
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':to': to, ...fromValues, ...values },
        }),
      ),
    );
  }

  putProgram(program: ProgramRecord): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `PROGRAM#${program.programId}`, sk: 'META', ...program },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  async putSessionAndProgram(session: SessionRecord, program: ProgramRecord): Promise<void> {
    const cond = 'attribute_exists(pk)';
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { pk: `SESSION#${session.sessionId}`, sk: 'META', ...session },
              ConditionExpression: cond,
            },
          },
          {
            Put: {
              TableName: this.table,
              Item: { pk: `PROGRAM#${program.programId}`, sk: 'META', ...program },
              ConditionExpression: cond,
            },
          },
        ],
      }),
    );
  }

  seatStates(sessionId: string): Promise<SeatStateRecord[]> {
    return queryAll<SeatStateRecord>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}`, ':sk': 'SEAT#' },
      ConsistentRead: true,
    });
  }

  listCategories(): Promise<Category[]> {
    return queryAll<Category>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CATEGORIES' },
    });
  }
}
