import { afterAll, describe, expect, it } from 'vitest';
import { CatalogueReads } from '#features/sessions/catalogue-reads.ts';
import type { CatalogueRecords } from '#features/sessions/index.ts';
import { ensureIdFilter } from '#features/sessions/known-ids.ts';
import { createProgram, programDetail } from '#features/sessions/programs.ts';
import { RedisCatalogueCache } from '#features/sessions/redis-catalogue-cache.ts';
import { seatMap } from '#features/sessions/seat-map.ts';
import { DomainError } from '#kernel/errors.ts';
import { newId } from '#kernel/ids.ts';
import { realDeps } from '../support/real-deps.ts';

const base = realDeps();
afterAll(() => base.close());

/** The DynamoDB catalogue, counting program and session reads. */
function countingCatalogue(inner: CatalogueRecords) {
  const reads = { n: 0 };
  const catalogue: CatalogueRecords = Object.assign(Object.create(inner) as CatalogueRecords, {
    getProgram: (id: string) => {
      reads.n++;
      return inner.getProgram(id);
    },
    getSession: (id: string) => {
      reads.n++;
      return inner.getSession(id);
    },
  });
  return { catalogue, reads };
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

const input = {
  title: '布隆过滤器',
  actor: '测试',
  city: '上海',
  venue: '场馆',
  categoryId: 'drama',
  sessions: [
    {
      startsAt: '2030-01-01T12:00:00Z',
      saleOpensAt: '2020-01-01T00:00:00Z',
      maxPerOrder: 6,
      tiers: [{ tierId: 'A', name: 'A', priceCents: 100, perUserLimit: 4 }],
      layout: { sections: [{ name: 'S', tierId: 'A', rows: 1, seatsPerRow: 5 }] },
    },
  ],
};

describe('ids that do not exist cost no DynamoDB read (Bloom filter, real Redis and DynamoDB Local)', () => {
  it('answers 1,000 unknown program and session ids with 404 and no read once the filter is built', async () => {
    const { catalogue, reads } = countingCatalogue(base.catalogue);
    const d = {
      ...base,
      catalogue,
      catalogueReads: new CatalogueReads(new RedisCatalogueCache(base.redis), catalogue),
    };
    // Not built yet: an unknown id is looked up (never hide a real program).
    expect(await code(programDetail(d, newId('p')))).toBe('NOT_FOUND');
    expect(reads.n).toBe(1);
    const created = await createProgram(d, input);
    expect(await ensureIdFilter(d)).toBe(true);
    expect(await ensureIdFilter(d)).toBe(false); // complete: nothing to do
    reads.n = 0;
    for (let i = 0; i < 500; i++) {
      expect(await code(programDetail(d, newId('p')))).toBe('NOT_FOUND');
      expect(await code(seatMap(d, newId('s')))).toBe('NOT_FOUND');
    }
    // A Bloom filter may say "maybe" for an unknown id (~1 % at capacity; far less here): each costs one read, once.
    expect(reads.n).toBeLessThanOrEqual(5);
    // Real ids are still found: created before the build and after it.
    expect(await code(programDetail(d, created.programId))).toBe('OK');
    expect(await code(seatMap(d, created.sessions[0]!.sessionId))).toBe('OK');
    const later = await createProgram(d, input);
    expect(await code(programDetail(d, later.programId))).toBe('OK');
    expect(await code(seatMap(d, later.sessions[0]!.sessionId))).toBe('OK');
  });

  it('remembers a missing id after one read, even before the filter is built', async () => {
    const fresh = realDeps();
    const { catalogue, reads } = countingCatalogue(fresh.catalogue);
    const d = {
      ...fresh,
      catalogue,
      catalogueReads: new CatalogueReads(new RedisCatalogueCache(fresh.redis), catalogue),
    };
    const id = newId('p');
    for (let i = 0; i < 20; i++) expect(await code(programDetail(d, id))).toBe('NOT_FOUND');
    expect(reads.n).toBe(1);
    await fresh.close();
  });
});
