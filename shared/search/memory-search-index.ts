import type MiniSearch from 'minisearch';
import type { ProgramListing, ProgramQuery, SearchIndex, SearchPage } from '#shared/ports/search-index.ts';
import { indexTokens, queryTokens } from '#shared/search/cjk-tokens.ts';
import { compareSortValues, sortValues } from '#shared/search/ordering.ts';

/** Title matches weigh most, then the performer, then the venue (as the OpenSearch query boosts them). */
const BOOST = { title: 3, actor: 2, venue: 1 };

/**
 * The embedded search index: MiniSearch with the same CJK bigram tokens and AND semantics as
 * the OpenSearch mapping, plus the same filters and sorts done in memory. The local runtime
 * searches with it, and production falls back to it (built from the DynamoDB listings) when
 * OpenSearch does not answer.
 */
export class MemorySearchIndex implements SearchIndex {
  private readonly listings = new Map<string, ProgramListing>();
  private readonly text: MiniSearch<ProgramListing>;

  /**
   * MiniSearch is imported here, on first use: only the functions that search bundle it
   * (infra/constructs/bundling.ts leaves it out of the others, like the OpenSearch client),
   * and the listing fallback is the one path in them that builds an index.
   */
  static async load(listings: ProgramListing[] = []): Promise<MemorySearchIndex> {
    const { default: MiniSearchClass } = await import('minisearch');
    return new MemorySearchIndex(MiniSearchClass, listings);
  }

  /** Tests, which import MiniSearch themselves, build one synchronously. */
  constructor(MiniSearchClass: typeof MiniSearch, listings: ProgramListing[] = []) {
    this.text = new MiniSearchClass<ProgramListing>({
      idField: 'programId',
      fields: ['title', 'actor', 'venue'],
      tokenize: indexTokens,
      searchOptions: {
        tokenize: queryTokens,
        combineWith: 'AND',
        boost: BOOST,
        // Type-ahead on Latin words ("mayd" finds "Mayday"); CJK bigrams match exactly.
        prefix: (term, i, terms) => i === terms.length - 1 && /^[a-z0-9]{3,}$/.test(term),
      },
    });
    for (const l of listings) this.put(l);
  }

  async index(listing: ProgramListing): Promise<void> {
    this.put(listing);
  }

  private put(listing: ProgramListing): void {
    if (this.text.has(listing.programId)) this.text.replace(listing);
    else this.text.add(listing);
    this.listings.set(listing.programId, listing);
  }

  async search(query: ProgramQuery): Promise<SearchPage> {
    const text = query.q?.trim() ?? '';
    const scored: [ProgramListing, number][] =
      queryTokens(text).length > 0
        ? this.text.search(text).flatMap((r) => {
            const l = this.listings.get(String(r.id));
            return l ? [[l, r.score] as [ProgramListing, number]] : [];
          })
        : [...this.listings.values()].map((l) => [l, 0]);
    const sort = query.sort;
    const matching = scored
      .filter(([l]) => matchesFilters(l, query))
      .map(([l, score]) => ({ l, key: sortValues(l, sort, score) }))
      .sort((a, b) => compareSortValues(sort, a.key, b.key));
    const after = query.after;
    const start = after ? matching.filter((m) => compareSortValues(sort, m.key, after) > 0) : matching;
    const page = start.slice(0, query.limit);
    const more = start.length > query.limit;
    return { items: page.map((m) => m.l), after: more ? (page.at(-1)?.key ?? null) : null };
  }
}

/** The term and range filters of a query (the OpenSearch adapter sends the same ones as `filter`). */
export function matchesFilters(l: ProgramListing, q: ProgramQuery): boolean {
  if (q.city !== undefined && l.city !== q.city) return false;
  if (q.categoryId !== undefined && !l.categoryPath.includes(q.categoryId)) return false;
  const inRange = (t: string) =>
    Date.parse(t) >= Date.parse(q.from) && (q.to === undefined || Date.parse(t) <= Date.parse(q.to));
  if (!l.showTimes.some(inRange)) return false;
  if (q.minPriceCents !== undefined && l.maxPriceCents < q.minPriceCents) return false;
  if (q.maxPriceCents !== undefined && l.minPriceCents > q.maxPriceCents) return false;
  return true;
}
