import QuickLRU from 'quick-lru';
import * as z from 'zod/mini';
import { listCategories } from '#features/sessions/index.ts';
import { DomainError } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import type { Degradable } from '#platform/resilience/last-good-copy.ts';
import type { SearchInput } from '#shared/api/schemas.ts';
import type { Deps } from '#shared/app/deps.ts';
import type { ProgramQuery, SearchPage, SearchSort } from '#shared/ports/search-index.ts';
import { listingCard } from '#shared/search/listing.ts';

type SearchDeps = Pick<Deps, 'search' | 'searchFallback' | 'catalogue' | 'clock'>;

const Cursor = z.object({
  s: z.enum(['showTime', 'price', 'relevance']),
  a: z.tuple([z.union([z.string(), z.number()]), z.string()]),
});

function badCursor(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'The cursor is not valid', {
    fields: [{ path: 'query.cursor', message: 'not a cursor from this search' }],
  });
}

function decodeCursor(cursor: string, sort: SearchSort) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const c = Cursor.safeParse(parsed);
  // A cursor continues the search that made it: another sort order cannot use it.
  if (!c.success || c.data.s !== sort) throw badCursor();
  return c.data.a;
}

interface SearchAnswer {
  items: ReturnType<typeof listingCard>[];
  nextCursor: string | null;
}

const encodeCursor = (sort: SearchSort, after: (string | number)[]) =>
  Buffer.from(JSON.stringify({ s: sort, a: after })).toString('base64url');

/**
 * Runs a search on the index; when the index fails, on the DynamoDB listings instead (a
 * degraded answer: its `ageSeconds` is the listings snapshot's age, 0 when just loaded).
 */
async function runSearch(d: SearchDeps, query: ProgramQuery): Promise<SearchPage> {
  try {
    const page = await d.search.search(query);
    return { items: page.items, after: page.after };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    count('SearchFallback');
    logger.warn('search index failed; answering from the DynamoDB listings', { error: String(err) });
    const page = await d.searchFallback.search(query);
    return { ...page, ageSeconds: page.ageSeconds ?? 0 };
  }
}

/**
 * `GET /v1/programs`. Without `from`, only programs with a show still to come are found.
 * Relevance is the default order for a text search, show time otherwise.
 */
export async function searchPrograms(d: SearchDeps, input: SearchInput): Promise<Degradable<SearchAnswer>> {
  const hasText = (input.q ?? '').trim().length > 0;
  const sort: SearchSort =
    input.sort === 'relevance' && !hasText
      ? 'showTime'
      : (input.sort ?? (hasText ? 'relevance' : 'showTime'));
  const query: ProgramQuery = {
    q: hasText ? input.q : undefined,
    city: input.city,
    categoryId: input.categoryId,
    from: input.from ?? new Date(d.clock.now()).toISOString(),
    to: input.to,
    minPriceCents: input.minPriceCents,
    maxPriceCents: input.maxPriceCents,
    sort,
    limit: input.limit,
    after: input.cursor ? decodeCursor(input.cursor, sort) : undefined,
  };
  const page = await runSearch(d, query);
  return {
    value: {
      items: page.items.map((l) => listingCard(l, d.clock.now())),
      nextCursor: page.after ? encodeCursor(sort, page.after) : null,
    },
    ageSeconds: page.ageSeconds,
  };
}

export const HOME_SECTION_SIZE = 7;

/** The home page changes slowly and is the busiest read: each city's page is kept 30 s per container. */
/** One category's row on the home page. */
interface HomeSection {
  categoryId: string;
  name: string;
  programs: ReturnType<typeof listingCard>[];
}

const homeCache = new QuickLRU<string, { sections: HomeSection[] }>({ maxSize: 200, maxAge: 30_000 });

/**
 * `GET /v1/home`: one section per top-level category, in category-id order, each with its
 * next programs by show time (up to 7); categories with nothing coming are left out. A page
 * made from the fallback listings says how old they are, and is not kept as the fresh one.
 */
export async function homeSections(
  d: SearchDeps,
  city: string | undefined,
): Promise<Degradable<{ sections: HomeSection[] }>> {
  const key = city ?? '';
  const cached = homeCache.get(key);
  if (cached) return { value: cached };
  const from = new Date(d.clock.now()).toISOString();
  const tops = (await listCategories(d)).filter((c) => c.parentId === null);
  let ageSeconds: number | undefined;
  const sections = await Promise.all(
    tops.map(async (c) => {
      const page = await runSearch(d, {
        city,
        categoryId: c.categoryId,
        from,
        sort: 'showTime',
        limit: HOME_SECTION_SIZE,
      });
      if (page.ageSeconds !== undefined) ageSeconds = Math.max(ageSeconds ?? 0, page.ageSeconds);
      return {
        categoryId: c.categoryId,
        name: c.name,
        programs: page.items.map((l) => listingCard(l, d.clock.now())),
      };
    }),
  );
  const home = { sections: sections.filter((s) => s.programs.length > 0) };
  if (ageSeconds === undefined) homeCache.set(key, home);
  return { value: home, ageSeconds };
}
