import type { Category, ProgramRecord } from '#shared/ports/records.ts';
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

/** The search card of a program: its sessions' times and the price range over all tiers. */
export function programListing(
  program: ProgramRecord,
  categories: Category[],
  onSale: boolean,
  now: number,
): ProgramListing {
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
    minPriceCents: Math.min(...prices),
    maxPriceCents: Math.max(...prices),
    onSale,
    updatedAt: new Date(now).toISOString(),
  };
}

/** The fields a search result shows (API.md), plus whether the program is on sale. */
export function listingCard(l: ProgramListing) {
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
    onSale: l.onSale,
  };
}
