import QuickLRU from 'quick-lru';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import type { SessionsDeps as Deps } from './ports.ts';

type IdDeps = Pick<Deps, 'idFilter'>;

/** Ids this container just found missing in DynamoDB (a Bloom false positive, or asked before the filter was built). */
const missing = /* @__PURE__ */ new QuickLRU<string, true>({ maxSize: 50_000, maxAge: 30_000 });

/**
 * Whether a program or session id can exist, before any DynamoDB read: no for an id this
 * container just found missing, no for an id the complete Bloom filter has never seen, yes
 * otherwise. A filter not (re)built yet answers yes: it never hides a real program.
 */
export async function mightExist(d: IdDeps, id: string): Promise<boolean> {
  if (missing.has(id)) return false;
  if (!(await d.idFilter.isComplete())) return true;
  const maybe = await d.idFilter.mightContain(id);
  if (!maybe) count('UnknownIdRejected');
  return maybe;
}

/** DynamoDB said it does not exist: later asks in this container skip the read. */
export function rememberMissing(id: string): void {
  missing.set(id, true);
}

/** A new program and its sessions: into the filter before they are written, so no window hides them. */
export async function rememberIds(d: IdDeps, ids: string[]): Promise<void> {
  await d.idFilter.add(ids);
  for (const id of ids) missing.delete(id);
}

/**
 * Builds the filter from the durable record when Redis does not have a complete one (first
 * start, or Redis lost it): every listed program and its sessions. One container at a time;
 * run by the sweeper every minute and by the local runtime at start.
 */
export async function ensureIdFilter(d: IdDeps & Pick<Deps, 'catalogue' | 'listings'>): Promise<boolean> {
  if (await d.idFilter.isComplete()) return false;
  if (!(await d.idFilter.tryLockRebuild(300))) return false;
  const listings = await d.listings.listListings();
  for (let i = 0; i < listings.length; i += 25) {
    const programs = await Promise.all(
      listings.slice(i, i + 25).map((l) => d.catalogue.getProgram(l.programId)),
    );
    await d.idFilter.add(
      programs.flatMap((p) => (p ? [p.programId, ...p.sessions.map((s) => s.sessionId)] : [])),
    );
  }
  await d.idFilter.markComplete();
  logger.info('id filter rebuilt from the listings', { programs: listings.length });
  return true;
}
