import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgram } from '#features/sessions/programs.ts';
import type { SearchIndex } from '#shared/ports/search-index.ts';
import { ListingSearchIndex } from '#shared/search/listing-search-index.ts';
import { searchPrograms } from '#shared/search/program-search.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

describe('search falls back to the DynamoDB listings (seed 000: ES first, DB fallback)', () => {
  it('answers from DynamoDB Local when the search index throws', async () => {
    const city = `降级城${randomBytes(3).toString('hex')}`;
    const broken: SearchIndex = {
      index: async () => {
        throw new Error('OpenSearch unreachable (injected)');
      },
      search: async () => {
        throw new Error('OpenSearch unreachable (injected)');
      },
    };
    const deps = {
      ...d,
      search: broken,
      searchFallback: new ListingSearchIndex(() => d.listings.listListings(), d.clock, 0),
    };
    // Creating still works with the index down: the listing is durable in DynamoDB.
    const { programId } = await createProgram(deps, {
      title: '降级测试音乐会',
      actor: '乐团',
      city,
      venue: '音乐厅',
      categoryId: 'classical',
      sessions: [
        {
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          saleOpensAt: new Date(Date.now() - 86_400_000).toISOString(),
          maxPerOrder: 6,
          tiers: [{ tierId: 'A', name: '甲', priceCents: 1000, perUserLimit: 4 }],
          layout: { sections: [{ name: 'S', tierId: 'A', rows: 1, seatsPerRow: 2 }] },
        },
      ],
    });
    const { value: res, ageSeconds } = await searchPrograms(deps, { q: '降级测试', city, limit: 20 });
    // A fallback answer says so: the listings snapshot was loaded just now.
    expect(ageSeconds).toBe(0);
    expect(res.items.map((i) => i.programId)).toEqual([programId]);
    expect(res.items[0]).toMatchObject({ city, minPriceCents: 1000, onSale: false });
  });
});
