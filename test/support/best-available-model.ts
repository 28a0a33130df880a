/**
 * A brute-force model of best-available seating, written from the rules in
 * lua/includes/rowPicks.lua without its shortcuts: every placement of every row is scored.
 * The invariant check compares the Redis picks index with it after every race; the property
 * tests compare the script's picks with it on small venues.
 */
import type { Row } from '#kernel/session-layout.ts';

export const PICK_ORPHAN = 2 ** 24;
export const PICK_BAND = 2 ** 25;

export interface Placement {
  rowIdx: number;
  /** 1-based position of the first seat in the row. */
  pos: number;
  /** Orphan flag and squared distance from the focal point (lower is better). */
  score: number;
}

function freeRunLeftOf(row: string, i: number): number {
  let n = 0;
  while (i - 1 - n >= 0 && row[i - 1 - n] === '0') n++;
  return n;
}

function freeRunRightOf(row: string, i: number): number {
  let n = 0;
  while (i + n < row.length && row[i + n] === '0') n++;
  return n;
}

/** Score of seats pos..pos+k-1 of a row, every one assumed free. */
export function placementScore(row: string, pos: number, k: number, depth: number): number {
  const dx = 2 * pos + k - row.length - 2;
  const dy = 4 * depth;
  const cost = Math.min(dx * dx + dy * dy, PICK_ORPHAN - 1);
  const first = pos - 1;
  const orphan = freeRunLeftOf(row, first) === 1 || freeRunRightOf(row, first + k) === 1;
  return cost + (orphan ? PICK_ORPHAN : 0);
}

/** The best placement of k seats together in one row (lowest score, then leftmost). */
export function bestInRow(row: string, k: number, depth: number): { pos: number; score: number } | undefined {
  let best: { pos: number; score: number } | undefined;
  for (let pos = 1; pos + k - 1 <= row.length; pos++) {
    if (!/^0+$/.test(row.slice(pos - 1, pos - 1 + k))) continue;
    const score = placementScore(row, pos, k, depth);
    if (!best || score < best.score) best = { pos, score };
  }
  return best;
}

/** The best placement of k together across the given rows: lowest score, then lowest rowIdx. */
export function bestTogether(states: string, rows: readonly Row[], k: number): Placement | undefined {
  let best: Placement | undefined;
  for (const r of rows) {
    const b = bestInRow(states.slice(r.start, r.start + r.len), k, r.row - 1);
    if (b && (!best || b.score < best.score)) best = { rowIdx: r.rowIdx, ...b };
  }
  return best;
}

/** Every member the picks index must hold, with its score. */
export function expectedPicks(
  states: string,
  rows: readonly Row[],
  tierOrder: readonly string[],
  cap: number,
): Map<string, number> {
  const want = new Map<string, number>();
  for (const r of rows) {
    const row = states.slice(r.start, r.start + r.len);
    const tierOrd = tierOrder.indexOf(r.tierId);
    for (let k = 1; k <= cap; k++) {
      const b = bestInRow(row, k, r.row - 1);
      if (!b) break;
      const member = `${String(k).padStart(2, '0')}|${String(r.rowIdx).padStart(6, '0')}|${r.start}|${r.len}|${r.row - 1}`;
      want.set(member, (tierOrd * 100 + k) * PICK_BAND + b.score);
    }
  }
  return want;
}

/** The fewest groups that can seat `count` in these rows: the longest free runs first. */
export function fewestGroups(states: string, rows: readonly Row[], count: number): number {
  const runs: number[] = [];
  for (const r of rows)
    for (const m of states.slice(r.start, r.start + r.len).matchAll(/0+/g)) runs.push(m[0].length);
  runs.sort((a, b) => b - a);
  let left = count;
  let groups = 0;
  for (const n of runs) {
    if (left <= 0) break;
    left -= n;
    groups++;
  }
  return left > 0 ? Infinity : groups;
}
