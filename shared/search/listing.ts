import {
  type Category,
  meaningOf,
  type ProgramRecord,
  type SessionTimes,
  saleClosesAtOf,
  visibleStatus,
} from '#features/sessions/index.ts';
import type { ProgramListing } from '#shared/ports/search-index.ts';

/** The category and its ancestors, nearest first (a cycle in the reference data stops the walk). */
export function categoryPath(categoryId: string, categories: Category[]): string[] {
  const byId = new Map(categories.map((c) => [c.categoryId, c]));
  const path: string[] = [];
  for (let id: string | null = categoryId; id && !path.includes(id); id = byId.get(id)?.parentId ?? null) {
    path.push(id);
  }
  return path;
}

/**
 * The search card of a program: its sessions' times, the price range over all tiers, and
 * whether it sells (from its sessions' records, as the session-status table reads them).
 */
export function programListing(
  program: ProgramRecord,
  categories: Category[],
  sessions: readonly SessionTimes[],
  now: number,
): ProgramListing {
  const selling = sessions.filter((s) => meaningOf(visibleStatus(s, now)).sells);
  const saleEndsAt = selling.map(saleClosesAtOf).sort().at(-1);
  const showTimes = program.sessions.map((s) => s.startsAt).sort();
  const prices = program.sessions.flatMap((s) => s.tiers.map((t) => t.priceCents));
  return {
    programId: program.programId,
    title: program.title,
    actor: program.actor,
    city: program.city,
    venue: program.venue,
    categoryId: program.categoryId,
    categoryPath: categoryPath(program.categoryId, categories),
    showTimes,
    firstShowTime: showTimes[0] ?? program.createdAt,
    lastShowTime: showTimes.at(-1) ?? program.createdAt,
    // A program with no tiers listed yet has no price (Math.min of nothing is Infinity, which
    // neither DynamoDB nor OpenSearch store).
    minPriceCents: prices.length > 0 ? Math.min(...prices) : 0,
    maxPriceCents: prices.length > 0 ? Math.max(...prices) : 0,
    onSale: selling.length > 0,
    ...(saleEndsAt ? { saleEndsAt: new Date(saleEndsAt).toISOString() } : {}),
    updatedAt: new Date(now).toISOString(),
  };
}

/** Whether a listing's program sells at `nowMs`: it did when written, and its last sale has not closed since. */
export const listingOnSale = (l: ProgramListing, nowMs: number): boolean =>
  l.onSale && (l.saleEndsAt === undefined || nowMs < Date.parse(l.saleEndsAt));

/** The fields a search result shows (API.md), plus whether the program is on sale now. */
export function listingCard(l: ProgramListing, nowMs: number) {
  return {
    programId: l.programId,
    title: l.title,
    actor: l.actor,
    city: l.city,
    venue: l.venue,
    categoryId: l.categoryId,
    firstShowTime: l.firstShowTime,
    minPriceCents: l.minPriceCents,
    maxPriceCents: l.maxPriceCents,
    onSale: listingOnSale(l, nowMs),
  };
}
