import type { ProgramListing, SearchAfter, SearchSort } from '#shared/ports/search-index.ts';

/**
 * The order of search results and the sort values a cursor carries: the sort key, then the
 * program id as a tie-breaker, so paging with "after these values" never repeats or skips.
 * Relevance sorts by score, highest first; the others ascend.
 */
export function sortValues(l: ProgramListing, sort: SearchSort, score: number): SearchAfter {
  if (sort === 'relevance') return [score, l.programId];
  if (sort === 'price') return [l.minPriceCents, l.programId];
  return [l.firstShowTime, l.programId];
}

export function compareSortValues(sort: SearchSort, a: SearchAfter, b: SearchAfter): number {
  const [ka, ia] = a;
  const [kb, ib] = b;
  let byKey = 0;
  if (typeof ka === 'number' && typeof kb === 'number') byKey = sort === 'relevance' ? kb - ka : ka - kb;
  else byKey = String(ka).localeCompare(String(kb));
  return byKey !== 0 ? byKey : String(ia).localeCompare(String(ib));
}
