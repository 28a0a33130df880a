import { type DocumentClient, PutCommand, QueryCommand } from '#platform/clients/dynamodb.ts';
import { getRecord } from '#platform/dynamodb/items.ts';
import { queryAll } from '#platform/dynamodb/query-all.ts';
import type { ListingRecords, ReindexRecord } from '#shared/ports/records.ts';
import type { ProgramListing } from '#shared/ports/search-index.ts';

/** Search's durable records in the single table: `LISTINGS`/`PROGRAM#…` and `REINDEX#…`/`META`. */
export class DynamoDbListingRecords implements ListingRecords {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

  async putListing(listing: ProgramListing): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: 'LISTINGS', sk: `PROGRAM#${listing.programId}`, ...listing },
      }),
    );
  }

  listListings(): Promise<ProgramListing[]> {
    return queryAll<ProgramListing>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'LISTINGS' },
    });
  }

  async listingsPage(
    after: string | undefined,
    limit: number,
  ): Promise<{ programIds: string[]; next: string | undefined }> {
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'LISTINGS', ...(after ? { ':after': `PROGRAM#${after}` } : {}) },
        ProjectionExpression: 'programId',
        Limit: limit,
      }),
    );
    const programIds = ((res.Items ?? []) as { programId: string }[]).map((i) => i.programId);
    return { programIds, next: res.LastEvaluatedKey ? programIds.at(-1) : undefined };
  }

  async putReindex(r: ReindexRecord): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { pk: `REINDEX#${r.reindexId}`, sk: 'META', ...r } }),
    );
  }

  getReindex(reindexId: string): Promise<ReindexRecord | undefined> {
    return getRecord<ReindexRecord>(this.db, this.table, { pk: `REINDEX#${reindexId}`, sk: 'META' }, true);
  }
}
