import { afterAll, describe, expect, it } from 'vitest';
import { CatalogueReads } from '#features/sessions/catalogue-reads.ts';
import type { CatalogueRecords } from '#features/sessions/index.ts';
import { programDetail } from '#features/sessions/programs.ts';
import { RedisCatalogueCache } from '#features/sessions/redis-catalogue-cache.ts';
import { patchProgram } from '#features/sessions/session-lifecycle.ts';
import { smallLayout, storeOnSaleSession, uniqueId } from '../support/fixtures.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

/** The catalogue's reads, counted (the DynamoDB adapter underneath). */
function counting(catalogue: CatalogueRecords) {
  const reads = { program: 0, session: 0 };
  return {
    reads,
    records: {
      getProgram: async (id: string) => {
        reads.program++;
        return catalogue.getProgram(id);
      },
      getSession: async (id: string) => {
        reads.session++;
        return catalogue.getSession(id);
      },
    },
  };
}

async function storedProgram() {
  const programId = uniqueId('p');
  const layout = smallLayout({ programId });
  await storeOnSaleSession(d.catalogue, layout, programId);
  return { programId, sessionId: layout.sessionId };
}

describe('catalogue reads: LRU → Redis → DynamoDB, single-flight, version stamps', () => {
  it('1,000 concurrent reads of a cold program across 10 containers: one DynamoDB read', async () => {
    const { programId } = await storedProgram();
    const counted = counting(d.catalogue);
    const cache = new RedisCatalogueCache(d.redis);
    const containers = Array.from({ length: 10 }, () => new CatalogueReads(cache, counted.records));
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => containers[i % 10]!.program(programId)),
    );
    expect(counted.reads.program).toBe(1);
    expect(results.every((p) => p?.programId === programId)).toBe(true);
    // Warm: no more reads, in any container.
    await Promise.all(containers.map((c) => c.program(programId)));
    expect(counted.reads.program).toBe(1);
  });

  it('an organiser change reaches every warm container at once (no TTL to wait), in one read', async () => {
    const { programId, sessionId } = await storedProgram();
    const counted = counting(d.catalogue);
    const cache = new RedisCatalogueCache(d.redis);
    const [a, b] = [new CatalogueReads(cache, counted.records), new CatalogueReads(cache, counted.records)];
    expect((await a.program(programId))?.title).toBe('t');
    expect((await b.program(programId))?.title).toBe('t');
    expect((await a.session(sessionId))?.status).toBe('ON_SALE');
    // The organiser's edit goes through the product's composition (d.catalogueReads bumps the stamp).
    await patchProgram(d, programId, { title: '新标题' });
    await d.catalogue.moveSession(sessionId, 'close');
    await d.catalogueReads.changed('session', sessionId);
    const before = counted.reads.program;
    expect((await a.program(programId))?.title).toBe('新标题');
    expect((await b.program(programId))?.title).toBe('新标题');
    expect(counted.reads.program - before).toBe(1);
    expect((await b.session(sessionId))?.status).toBe('CLOSED');
  });

  it('a missing id is remembered too; the program detail reads through the cache', async () => {
    const counted = counting(d.catalogue);
    const reads = new CatalogueReads(new RedisCatalogueCache(d.redis), counted.records);
    const missing = uniqueId('p');
    expect(await reads.program(missing)).toBeUndefined();
    expect(await reads.program(missing)).toBeUndefined();
    expect(counted.reads.program).toBe(1);
    const { programId } = await storedProgram();
    const detail = await programDetail(d, programId);
    expect(detail.program.programId).toBe(programId);
  });
});
