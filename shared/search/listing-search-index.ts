import type { Clock } from '#shared/ports/clock.ts';
import type { ProgramListing, ProgramQuery, SearchIndex, SearchPage } from '#shared/ports/search-index.ts';
import { MemorySearchIndex } from '#shared/search/memory-search-index.ts';

/**
 * Search over the DynamoDB listings (seed 000 §2.1 "ES first, DB fallback"): the listings are
 * loaded into an embedded index, kept for a short while, and searched in memory. Serves
 * when OpenSearch does not answer or is not configured. A catalogue of a few thousand
 * programs is one paginated Query; this is a degraded mode, not the main road.
 */
export class ListingSearchIndex implements SearchIndex {
  private cached: { index: MemorySearchIndex; loadedAt: number } | undefined;
  private loading: Promise<MemorySearchIndex> | undefined;

  constructor(
    private readonly load: () => Promise<ProgramListing[]>,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  /** The listing is already durable in DynamoDB: only this container's copy needs refreshing. */
  async index(listing: ProgramListing): Promise<void> {
    await this.cached?.index.index(listing);
  }

  async search(query: ProgramQuery): Promise<SearchPage> {
    return (await this.current()).search(query);
  }

  private async current(): Promise<MemorySearchIndex> {
    if (this.cached && this.clock.now() - this.cached.loadedAt < this.ttlMs) return this.cached.index;
    // One load at a time per container, however many requests are waiting for it.
    this.loading ??= this.load()
      .then((listings) => {
        const index = new MemorySearchIndex(listings);
        this.cached = { index, loadedAt: this.clock.now() };
        return index;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
