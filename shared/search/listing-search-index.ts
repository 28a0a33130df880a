import type { Clock } from '#kernel/clock.ts';
import { isDependencyFailure } from '#platform/resilience/dependency-failure.ts';
import type { ProgramListing, ProgramQuery, SearchIndex, SearchPage } from '#shared/ports/search-index.ts';
import { MemorySearchIndex } from '#shared/search/memory-search-index.ts';

/** How old a snapshot of the listings may be and still answer while DynamoDB does not. */
const STALE_LIMIT_MS = 24 * 3_600_000;

/**
 * Search over the DynamoDB listings (seed 000 §2.1 "ES first, DB fallback"): the listings are
 * loaded into an embedded index, kept for a short while, and searched in memory. Serves
 * when OpenSearch does not answer or is not configured. A catalogue of a few thousand
 * programs is one paginated Query; this is a degraded mode, not the main road.
 */
export class ListingSearchIndex implements SearchIndex {
  private cached: { index: MemorySearchIndex; loadedAt: number } | undefined;
  private loading: Promise<{ index: MemorySearchIndex; loadedAt: number }> | undefined;

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
    const { index, loadedAt } = await this.current();
    const page = await index.search(query);
    return { ...page, ageSeconds: Math.max(0, Math.floor((this.clock.now() - loadedAt) / 1000)) };
  }

  private async current(): Promise<{ index: MemorySearchIndex; loadedAt: number }> {
    const cached = this.cached;
    if (cached && this.clock.now() - cached.loadedAt < this.ttlMs) return cached;
    // One load at a time per container, however many requests are waiting for it.
    this.loading ??= this.load()
      .then(async (listings) => {
        this.cached = { index: await MemorySearchIndex.load(listings), loadedAt: this.clock.now() };
        return this.cached;
      })
      .finally(() => {
        this.loading = undefined;
      });
    try {
      return await this.loading;
    } catch (err) {
      // DynamoDB down too: the copy this container has, however old (its age goes out with
      // the answer, x-data-age), up to a day; none, and the caller's 503 stands.
      if (cached && isDependencyFailure(err) && this.clock.now() - cached.loadedAt < STALE_LIMIT_MS)
        return cached;
      throw err;
    }
  }
}
