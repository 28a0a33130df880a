import type { ProgramRecord } from '#features/sessions/index.ts';

/**
 * What the search index holds for one program: the catalogue card plus the fields the
 * filters and sorts need. Built from the program record (shared/search/listing.ts) and kept
 * in DynamoDB as well, so the index can be rebuilt and searched without OpenSearch.
 */
export interface ProgramListing
  extends Pick<ProgramRecord, 'programId' | 'title' | 'actor' | 'city' | 'venue' | 'categoryId'> {
  /** The category and its ancestors: filtering by a parent category finds its children's programs. */
  categoryPath: string[];
  /** Every session's start, ascending; a date filter matches when one of them is in range. */
  showTimes: string[];
  firstShowTime: string;
  lastShowTime: string;
  minPriceCents: number;
  maxPriceCents: number;
  /** At least one session was selling when the listing was written (`features/sessions/session-status.ts`). */
  onSale: boolean;
  /**
   * The latest closing time among the sessions selling then: past it the program reads as not
   * on sale without a rewrite (absent on listings written before it existed).
   */
  saleEndsAt?: string;
  updatedAt: string;
}

export type SearchSort = 'showTime' | 'price' | 'relevance';

/** A position in a sorted result: the sort values of the last item a page returned. */
export type SearchAfter = (string | number)[];

export interface ProgramQuery {
  q?: string | undefined;
  city?: string | undefined;
  categoryId?: string | undefined;
  /** A session starts at or after this ISO time. */
  from: string;
  /** A session starts at or before this ISO time. */
  to?: string | undefined;
  /** The program's price range overlaps [minPriceCents, maxPriceCents]. */
  minPriceCents?: number | undefined;
  maxPriceCents?: number | undefined;
  sort: SearchSort;
  limit: number;
  after?: SearchAfter | undefined;
}

export interface SearchPage {
  items: ProgramListing[];
  /** Where the next page starts, or null when this was the last one. */
  after: SearchAfter | null;
  /** Set by a fallback source: how old its snapshot of the listings is, in seconds. */
  ageSeconds?: number;
}

export interface SearchIndex {
  /** Adds or replaces the program's listing. */
  index(listing: ProgramListing): Promise<void>;
  search(query: ProgramQuery): Promise<SearchPage>;
}
