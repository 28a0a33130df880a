import type { ProgramListing } from '#shared/ports/search-index.ts';

/** The durable listings (one item per listed program) and the reindex's progress: what search keeps in DynamoDB. */
export interface ListingRecords {
  /** The durable copy of a program's search listing (what the search index is rebuilt from). */
  putListing(listing: ProgramListing): Promise<void>;
  listListings(): Promise<ProgramListing[]>;
  /** Up to `limit` listed program ids after `after` (in id order), and where the next page starts. */
  listingsPage(
    after: string | undefined,
    limit: number,
  ): Promise<{ programIds: string[]; next: string | undefined }>;
  /** A search reindex's progress (shared/search/reindex.ts). */
  putReindex(r: ReindexRecord): Promise<void>;
  getReindex(reindexId: string): Promise<ReindexRecord | undefined>;
}

/** A rebuild of the search index from the DynamoDB listings, step by step on the job queue. */
export interface ReindexRecord {
  reindexId: string;
  status: 'RUNNING' | 'DONE';
  startedAt: string;
  /** Listings indexed so far. */
  programs: number;
  finishedAt?: string;
}
