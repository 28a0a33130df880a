import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProgramListing, ProgramQuery, SearchSort } from '#shared/ports/search-index.ts';
import { indexTokens, queryTokens } from '#shared/search/cjk-tokens.ts';
import { ListingSearchIndex } from '#shared/search/listing-search-index.ts';
import { MemorySearchIndex } from '#shared/search/memory-search-index.ts';

const BASE = Date.parse('2031-01-01T00:00:00Z');
const HOUR = 3_600_000;
const CITIES = ['上海', '北京', '广州'];
const CATEGORY_PATHS = [
  ['popconcert', 'concert'],
  ['drama', 'theatre'],
  ['football', 'sports'],
];
const WORDS = ['雷雨', '茶馆', '演唱会', '足球', '犀牛', '夏日'];

const listingArb: fc.Arbitrary<ProgramListing> = fc
  .record({
    n: fc.nat(1_000_000),
    title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join('')),
    city: fc.constantFrom(...CITIES),
    path: fc.constantFrom(...CATEGORY_PATHS),
    // Small domains, so boundaries (a show exactly at `from`, a price exactly at the limit) come up.
    hours: fc.uniqueArray(fc.integer({ min: -5, max: 40 }), { minLength: 1, maxLength: 3 }),
    prices: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ n, title, city, path, hours, prices }) => {
    const showTimes = hours.map((h) => new Date(BASE + h * HOUR).toISOString()).sort();
    return {
      programId: `p${n}`,
      title,
      actor: '演员',
      city,
      venue: '剧场',
      categoryId: path[0]!,
      categoryPath: path,
      showTimes,
      firstShowTime: showTimes[0]!,
      lastShowTime: showTimes.at(-1)!,
      minPriceCents: Math.min(...prices) * 100,
      maxPriceCents: Math.max(...prices) * 100,
      onSale: n % 2 === 0,
      updatedAt: new Date(BASE).toISOString(),
    };
  });

const queryArb = fc.record({
  city: fc.option(fc.constantFrom(...CITIES), { nil: undefined, freq: 2 }),
  categoryId: fc.option(fc.constantFrom('concert', 'popconcert', 'theatre', 'sports'), {
    nil: undefined,
    freq: 2,
  }),
  fromHours: fc.integer({ min: -5, max: 30 }),
  spanHours: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined, freq: 2 }),
  minPrice: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined, freq: 2 }),
  span: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined, freq: 2 }),
  sort: fc.constantFrom<SearchSort>('showTime', 'price'),
  limit: fc.integer({ min: 1, max: 7 }),
});

/** The model: the filters of API.md written out plainly, and the documented order. */
function model(all: ProgramListing[], q: ProgramQuery): string[] {
  const from = Date.parse(q.from);
  const to = q.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(q.to);
  return all
    .filter((l) => q.city === undefined || l.city === q.city)
    .filter((l) => q.categoryId === undefined || l.categoryPath.includes(q.categoryId))
    .filter((l) => l.showTimes.some((t) => Date.parse(t) >= from && Date.parse(t) <= to))
    .filter((l) => q.minPriceCents === undefined || l.maxPriceCents >= q.minPriceCents)
    .filter((l) => q.maxPriceCents === undefined || l.minPriceCents <= q.maxPriceCents)
    .sort((a, b) => {
      const ka = q.sort === 'price' ? a.minPriceCents : Date.parse(a.firstShowTime);
      const kb = q.sort === 'price' ? b.minPriceCents : Date.parse(b.firstShowTime);
      return ka - kb || a.programId.localeCompare(b.programId);
    })
    .map((l) => l.programId);
}

/** Follows the cursor to the end, as a client does. */
async function pageThrough(index: MemorySearchIndex, q: ProgramQuery): Promise<string[]> {
  const seen: string[] = [];
  let after: ProgramQuery['after'];
  for (let pages = 0; pages < 1000; pages++) {
    const page = await index.search({ ...q, after });
    expect(page.items.length).toBeLessThanOrEqual(q.limit);
    // A cursor promises more: only a first page may be empty.
    if (pages > 0) expect(page.items.length).toBeGreaterThan(0);
    seen.push(...page.items.map((l) => l.programId));
    if (!page.after) return seen;
    after = page.after;
  }
  throw new Error('the cursor never ended');
}

describe('embedded search index', () => {
  it('filters, sorts and pages exactly as the model (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(listingArb, { selector: (l) => l.programId, minLength: 3, maxLength: 25 }),
        queryArb,
        async (listings, g) => {
          const index = await MemorySearchIndex.load();
          for (const l of listings) await index.index(l);
          const minPriceCents = g.minPrice === undefined ? undefined : g.minPrice * 100;
          const q: ProgramQuery = {
            city: g.city,
            categoryId: g.categoryId,
            from: new Date(BASE + g.fromHours * HOUR).toISOString(),
            to:
              g.spanHours === undefined
                ? undefined
                : new Date(BASE + (g.fromHours + g.spanHours) * HOUR).toISOString(),
            minPriceCents,
            maxPriceCents:
              minPriceCents === undefined || g.span === undefined ? undefined : minPriceCents + g.span * 100,
            sort: g.sort,
            limit: g.limit,
          };
          expect(await pageThrough(index, q)).toEqual(model(listings, q));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a title containing the query words is always found; re-indexing replaces (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(listingArb, { selector: (l) => l.programId, minLength: 1, maxLength: 15 }),
        fc.constantFrom(...WORDS),
        async (listings, word) => {
          const index = await MemorySearchIndex.load();
          // Indexed twice, with a changed title in between: only the last version counts.
          for (const l of listings) await index.index({ ...l, title: `${l.title}旧版` });
          for (const l of listings) await index.index(l);
          const page = await index.search({
            q: word,
            from: new Date(0).toISOString(),
            sort: 'relevance',
            limit: 100,
          });
          const found = page.items.map((l) => l.programId).sort();
          const expected = listings
            .filter((l) => l.title.includes(word))
            .map((l) => l.programId)
            .sort();
          expect(found).toEqual(expected);
          const old = await index.search({
            q: '旧版',
            from: new Date(0).toISOString(),
            sort: 'relevance',
            limit: 100,
          });
          expect(old.items).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('CJK tokens', () => {
  it('turns CJK runs into bigrams and other text into lower-case words', () => {
    expect(queryTokens('周杰伦 上海')).toEqual(['周杰', '杰伦', '上海']);
    expect(queryTokens('Mayday 五月天!')).toEqual(['mayday', '五月', '月天']);
    expect(queryTokens('茶')).toEqual(['茶']);
    // Full-width letters fold like OpenSearch's cjk_width.
    expect(queryTokens('ＡＢＣ')).toEqual(['abc']);
    expect(indexTokens('茶馆')).toEqual(['茶馆', '茶', '馆']);
  });
});

describe('DynamoDB listing search (the fallback)', () => {
  it('loads the listings once per period and sees new ones after it', async () => {
    let now = BASE;
    let loads = 0;
    const listings: ProgramListing[] = [];
    const [first, second] = fc
      .sample(listingArb, 2)
      .map((l, i) => ({ ...l, programId: `p${i}`, title: '雷雨' }));
    listings.push(first!);
    const index = new ListingSearchIndex(
      async () => {
        loads++;
        return [...listings];
      },
      { now: () => now },
      30_000,
    );
    const q: ProgramQuery = { q: '雷雨', from: new Date(0).toISOString(), sort: 'relevance', limit: 10 };
    await Promise.all([index.search(q), index.search(q), index.search(q)]);
    expect(loads).toBe(1);
    listings.push(second!);
    expect((await index.search(q)).items).toHaveLength(1);
    now += 30_001;
    expect((await index.search(q)).items).toHaveLength(2);
    expect(loads).toBe(2);
  });
});
