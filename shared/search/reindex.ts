import { notFound } from '#kernel/errors.ts';
import { newId } from '#kernel/ids.ts';
import type { Deps } from '#shared/app/deps.ts';
import type { ReindexRecord } from '#shared/ports/records.ts';
import type { ReindexStep } from '#shared/queue/job-messages.ts';
import { indexProgram } from '#shared/search/index-program.ts';

type ReindexDeps = Pick<Deps, 'catalogue' | 'catalogueReads' | 'clock' | 'search' | 'jobQueue' | 'listings'>;

/** Programs one step indexes: a step stays well inside the consumer's 60 s. */
const PAGE = 100;

/**
 * `POST /v1/admin/search/reindex`: rebuild the search index from the DynamoDB listings (a new
 * or emptied OpenSearch domain, a mapping change). Records the job's progress and queues its
 * first step; the organiser job consumer does the rest, a page of programs per step.
 */
export async function startReindex(d: ReindexDeps): Promise<ReindexRecord> {
  const now = d.clock.now();
  const record: ReindexRecord = {
    reindexId: newId('rx', now),
    status: 'RUNNING',
    startedAt: new Date(now).toISOString(),
    programs: 0,
  };
  await d.listings.putReindex(record);
  await d.jobQueue.continueReindex(record.reindexId);
  return record;
}

/** `GET /v1/admin/search/reindex/{id}`: the job's progress. */
export async function reindexProgress(d: Pick<Deps, 'listings'>, reindexId: string): Promise<ReindexRecord> {
  const record = await d.listings.getReindex(reindexId);
  if (!record) throw notFound('Reindex');
  return record;
}

/**
 * One step: the next page of listed programs, each listing computed again from its program
 * and sessions (so a stale listing is corrected too) and put in DynamoDB and the index, then
 * the next step queued, or the job marked done. A step repeated by the queue indexes its page
 * again, which changes nothing.
 */
export async function runReindexStep(
  d: ReindexDeps,
  step: Pick<ReindexStep, 'reindexId' | 'after'>,
): Promise<{ kind: 'continue' | 'done' | 'unknown'; indexed: number }> {
  const record = await d.listings.getReindex(step.reindexId);
  if (!record || record.status === 'DONE') return { kind: record ? 'done' : 'unknown', indexed: 0 };
  const page = await d.listings.listingsPage(step.after, PAGE);
  let indexed = 0;
  for (const programId of page.programIds) {
    const program = await d.catalogue.getProgram(programId);
    if (!program) continue;
    await indexProgram(d, program);
    indexed++;
  }
  const programs = record.programs + indexed;
  if (page.next) {
    await d.listings.putReindex({ ...record, programs });
    await d.jobQueue.continueReindex(record.reindexId, page.next);
    return { kind: 'continue', indexed };
  }
  await d.listings.putReindex({
    ...record,
    programs,
    status: 'DONE',
    finishedAt: new Date(d.clock.now()).toISOString(),
  });
  return { kind: 'done', indexed };
}
