import { listCategories, type ProgramRecord, type SessionRecord } from '#features/sessions/index.ts';
import { logger } from '#kernel/observability/logger.ts';
import type { Deps } from '#shared/app/deps.ts';
import { programListing } from '#shared/search/listing.ts';

/**
 * Puts a program's listing in DynamoDB (the durable copy the search falls back to) and in
 * the search index. Runs when a program is created (browsable before its sale opens), after
 * every change of it or of its sessions' statuses, and for every program in a reindex. Its
 * sessions are read consistently, so a move just made is in the listing.
 */
export async function indexProgram(
  d: Pick<Deps, 'catalogue' | 'catalogueReads' | 'clock' | 'search' | 'listings'>,
  program: ProgramRecord,
): Promise<void> {
  const sessions = (
    await Promise.all(program.sessions.map((s) => d.catalogue.getSession(s.sessionId)))
  ).filter((s): s is SessionRecord => s !== undefined);
  const listing = programListing(program, await listCategories(d), sessions, d.clock.now());
  await d.listings.putListing(listing);
  // The city picker follows at once; without Redis it catches up within its minute.
  await d.catalogueReads
    .listingsChanged()
    .catch((err: unknown) => logger.warn('listings version not bumped', { error: String(err) }));
  await d.search.index(listing);
}
