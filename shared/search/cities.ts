import QuickLRU from 'quick-lru';
import type { Degradable } from '#platform/resilience/last-good-copy.ts';
import { LastGoodCopies } from '#platform/resilience/last-good-copy.ts';
import type { Deps } from '#shared/app/deps.ts';
import { listingOnSale } from '#shared/search/listing.ts';

export interface City {
  city: string;
  /** Programs of the city on sale with a show still to come. */
  programs: number;
}

/**
 * The city picker changes slowly: one listings read per container per listings version
 * (bumped by every listing change, one Redis GET to check), at most a minute old.
 */
const fresh = new QuickLRU<number, City[]>({ maxSize: 2, maxAge: 60_000 });
const lastGood = new LastGoodCopies<City[]>('cities', { max: 1, maxAgeMs: 24 * 3_600_000 });

/**
 * `GET /v1/cities`: the cities with programs on sale and a show still to come, busiest first
 * (then by name), for the app's city picker. Read from the DynamoDB listings (the search's
 * durable copy), so it needs no search index.
 */
export async function listCities(
  d: Pick<Deps, 'listings' | 'catalogueReads' | 'clock'>,
): Promise<Degradable<{ items: City[] }>> {
  // Redis not answering: the minute-old answer is as good as it gets (-1 is never bumped to).
  const version = await d.catalogueReads.listingsVersion().catch(() => -1);
  const cached = fresh.get(version);
  if (cached) return { value: { items: cached } };
  const read = await lastGood.read('all', async () => {
    const nowMs = d.clock.now();
    const now = new Date(nowMs).toISOString();
    const counts = new Map<string, number>();
    for (const l of await d.listings.listListings()) {
      if (listingOnSale(l, nowMs) && l.lastShowTime >= now) counts.set(l.city, (counts.get(l.city) ?? 0) + 1);
    }
    return [...counts]
      .map(([city, programs]) => ({ city, programs }))
      .sort((a, b) => b.programs - a.programs || a.city.localeCompare(b.city, 'zh-CN'));
  });
  if (read.ageSeconds === undefined) fresh.set(version, read.value);
  return {
    value: { items: read.value },
    ...(read.ageSeconds === undefined ? {} : { ageSeconds: read.ageSeconds }),
  };
}
