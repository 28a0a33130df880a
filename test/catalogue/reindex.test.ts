import MiniSearch from 'minisearch';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgram, openSession } from '#features/sessions/programs.ts';
import { decodeJobStep, encodeJobStep } from '#shared/queue/job-messages.ts';
import { MemorySearchIndex } from '#shared/search/memory-search-index.ts';
import { searchPrograms } from '#shared/search/program-search.ts';
import { reindexProgress, runReindexStep, startReindex } from '#shared/search/reindex.ts';
import { realDeps } from '../support/real-deps.ts';
import { smallProgramInput } from '../support/small-program.ts';

const d = realDeps();
afterAll(() => d.close());

/** What the search answers for this file's programs (their unique title word). */
async function found(word: string) {
  const all: string[] = [];
  let cursor: string | undefined;
  do {
    const { value } = await searchPrograms(d, { q: word, limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...value.items.map((i) => `${i.programId}:${i.onSale}:${i.minPriceCents}`));
    cursor = value.nextCursor ?? undefined;
  } while (cursor);
  return all.sort();
}

describe('reindex of the search from the DynamoDB listings', () => {
  it('an emptied index answers nothing; after the reindex job it answers as before', async () => {
    // This file's own search index: a fixed word finds only these.
    const word = '重建索引';
    const created = [];
    // 205 programs: three steps of 100 (a step's page), one of them on sale.
    for (let i = 0; i < 205; i++)
      created.push(await createProgram(d, { ...smallProgramInput(), title: `${word} ${i}` }));
    await openSession(d, created[0]!.sessions[0]!.sessionId, false);
    const before = await found(word);
    expect(before).toHaveLength(205);
    expect(before.filter((x) => x.includes(':true:'))).toHaveLength(1);

    // A new, empty domain (or one emptied by accident): the search finds nothing, and does
    // not fall back to DynamoDB, since nothing failed.
    d.search = new MemorySearchIndex(MiniSearch);
    expect(await found(word)).toEqual([]);

    const started = await startReindex(d);
    expect(started).toMatchObject({ status: 'RUNNING', programs: 0 });
    // The job's steps, as the organiser job consumer runs them: each queues the next.
    for (let guard = 0; guard < 100; guard++) {
      const step = d.reindexSteps.shift();
      if (!step) break;
      // The message as it crosses the queue.
      const message = decodeJobStep(encodeJobStep({ kind: 'reindex-search', ...step }));
      if (message.kind !== 'reindex-search') throw new Error('not a reindex step');
      await runReindexStep(d, message);
    }
    const done = await reindexProgress(d, started.reindexId);
    expect(done.status).toBe('DONE');
    expect(done.programs).toBeGreaterThanOrEqual(205);
    expect(done.finishedAt).toBeDefined();
    expect(await found(word)).toEqual(before);
    // A repeated step (a redelivered message) changes nothing.
    expect(await runReindexStep(d, { reindexId: started.reindexId })).toEqual({ kind: 'done', indexed: 0 });
    await expect(reindexProgress(d, 'rxnosuch')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);
});
