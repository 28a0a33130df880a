import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import type { SeatPick } from '#shared/ports/seat-inventory.ts';
import {
  bestInRow,
  bestTogether,
  expectedPicks,
  fewestGroups,
  PICK_ORPHAN,
  placementScore,
} from '../support/best-available-model.ts';
import { holdCommand, layoutOf, soldTo, testRedis, uniqueId } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

const client: RedisClient = testRedis();
const inventory = new RedisSeatInventory(client);
afterAll(() => client.quit());

const NOW = Date.parse('2026-11-21T10:00:00Z');

/** A session of one tier whose seats marked '2' in `rows` (one string per row) are sold. */
async function venue(
  sections: string[][],
  maxPerOrder = 6,
): Promise<{ layout: SessionLayout; geo: SessionGeometry }> {
  const layout = layoutOf({
    maxPerOrder,
    tiers: [
      { tierId: 'X', name: 'Other', priceCents: 1, perUserLimit: 10 },
      { tierId: 'A', name: 'A', priceCents: 100, perUserLimit: 10 },
    ],
    sections: sections.map((rows, i) => ({
      name: `S${i}`,
      tierId: 'A',
      rows: rows.length,
      seatsPerRow: rows[0]!.length,
    })),
  });
  const geo = new SessionGeometry(layout);
  const states = sections.flat().join('');
  const sold = [...states].flatMap((c, i) => (c === '2' ? [i] : []));
  await inventory.warmup({ layout, held: [], sold: soldTo(sold), force: false });
  return { layout, geo };
}

function autoPick(layout: SessionLayout, count: number, best = false, userId = 'u1'): Promise<number[]> {
  const pick: SeatPick = { kind: 'auto', tierId: 'A', count, ...(best ? { best: true as const } : {}) };
  const cmd = holdCommand(layout.sessionId, pick, NOW, { userId });
  return inventory.hold(cmd).then((h) => h.seats.map((s) => s.seatIdx));
}

const ids = (geo: SessionGeometry, seats: number[]) => seats.map((s) => geo.seatId(s));

describe('best available', () => {
  it('weighs the front against the middle: the middle of row 2 beats the far edge of row 1', async () => {
    const { layout, geo } = await venue([['2222222200', '0000000000']]);
    expect(ids(geo, await autoPick(layout, 2))).toEqual(['1-2-5', '1-2-6']);
  });

  it('still takes the front row when its seats are near the middle', async () => {
    const { layout, geo } = await venue([['2220000222', '0000000000']]);
    // Seats 5-6 would be dead centre but strand 4 and 7: 4-5 leaves a pair.
    expect(ids(geo, await autoPick(layout, 2))).toEqual(['1-1-4', '1-1-5']);
  });

  it('never leaves a single seat nobody can buy when a placement without one exists', async () => {
    // Five free seats, two wanted: the middle placements (2-3, 3-4) each strand one seat.
    const { layout, geo } = await venue([['00000']]);
    expect(ids(geo, await autoPick(layout, 2))).toEqual(['1-1-1', '1-1-2']);
    // Then three left (3-5): two wanted, every placement strands one; the one nearest the middle.
    expect(ids(geo, await autoPick(layout, 2))).toEqual(['1-1-3', '1-1-4']);
  });

  it('prefers a row deeper back to an orphan in a better row', async () => {
    const { layout, geo } = await venue([['2000222', '0000000']]);
    // Row 1 has three free: any pair strands one. Row 2 seats them with no orphan, at its middle.
    expect(ids(geo, await autoPick(layout, 2))).toEqual(['1-2-3', '1-2-4']);
  });

  it('breaks ties deterministically: the first section, then the leftmost placement', async () => {
    const { layout, geo } = await venue([['000000'], ['000000']]);
    expect(ids(geo, await autoPick(layout, 1))).toEqual(['1-1-3']);
    expect(ids(geo, await autoPick(layout, 1))).toEqual(['1-1-4']);
    expect(ids(geo, await autoPick(layout, 1))).toEqual(['2-1-3']);
  });

  it('splits across rows only with best, in the fewest groups, and says so', async () => {
    const { layout, geo } = await venue([['2002002', '2002222', '0222220']]);
    const none = await autoPick(layout, 3).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(DomainError);
    expect((none as DomainError).code).toBe('NO_ADJACENT_SEATS');
    // Free runs of 2, 2, 2, 1, 1: three seats take two groups. The best-placed pair (row 1,
    // seats 2-3), then one seat: every single seat left in rows 1 and 2 would strand its
    // neighbour, so it fills a seat that is alone already (row 3, seat 1).
    expect(ids(geo, await autoPick(layout, 3, true))).toEqual(['1-1-2', '1-1-3', '1-3-1']);
    expect(ids(geo, await autoPick(layout, 4, true))).toEqual(['1-1-5', '1-1-6', '1-2-2', '1-2-3']);
    const gone = await autoPick(layout, 2, true).catch((e: unknown) => e);
    expect((gone as DomainError).code).toBe('SOLD_OUT');
    expect(ids(geo, await autoPick(layout, 1, true))).toEqual(['1-3-7']);
    expect(await inventoryViolations(client, layout)).toEqual([]);
  });

  it('agrees with a brute-force model on random small venues (fast-check)', async () => {
    const rowArb = (len: number) =>
      fc
        .array(fc.constantFrom('0', '0', '0', '2'), { minLength: len, maxLength: len })
        .map((a) => a.join(''));
    const sectionArb = fc
      .record({ len: fc.integer({ min: 1, max: 9 }), rows: fc.integer({ min: 1, max: 4 }) })
      .chain(({ len, rows }) => fc.array(rowArb(len), { minLength: rows, maxLength: rows }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(sectionArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ count: fc.integer({ min: 1, max: 4 }), best: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (sections, asks) => {
          const { layout, geo } = await venue(sections, 4);
          let states = sections.flat().join('');
          for (const ask of asks) {
            const together = bestTogether(states, geo.rows, ask.count);
            const free = [...states].filter((c) => c === '0').length;
            const got = await autoPick(layout, ask.count, ask.best, uniqueId('u')).catch((e: unknown) => e);
            if (free < ask.count) {
              expect((got as DomainError).code).toBe('SOLD_OUT');
              continue;
            }
            if (!together && !ask.best) {
              expect((got as DomainError).code).toBe('NO_ADJACENT_SEATS');
              continue;
            }
            expect(got).not.toBeInstanceOf(Error);
            const seats = got as number[];
            expect(seats).toHaveLength(ask.count);
            expect(seats.every((s) => states[s] === '0')).toBe(true);
            if (together) {
              const row = geo.rows[together.rowIdx]!;
              expect(seats).toEqual(
                Array.from({ length: ask.count }, (_, i) => row.start + together.pos - 1 + i),
              );
              // No avoidable orphan: the pick strands a single seat only when every placement would.
              const rowStates = states.slice(row.start, row.start + row.len);
              const strands = placementScore(rowStates, together.pos, ask.count, row.row - 1) >= PICK_ORPHAN;
              const anyWithout = geo.rows.some((r) => {
                const b = bestInRow(states.slice(r.start, r.start + r.len), ask.count, r.row - 1);
                return b !== undefined && b.score < PICK_ORPHAN;
              });
              expect(strands && anyWithout).toBe(false);
            } else {
              const rowOf = (s: number) => geo.rows.findIndex((r) => s >= r.start && s < r.start + r.len);
              const groups = seats.filter(
                (s, i) => i === 0 || s !== seats[i - 1]! + 1 || rowOf(s) !== rowOf(seats[i - 1]!),
              ).length;
              expect(groups).toBe(fewestGroups(states, geo.rows, ask.count));
            }
            const next = [...states];
            for (const s of seats) next[s] = '1';
            states = next.join('');
          }
          expect(await inventory.seatStates(layout.sessionId)).toBe(states);
          // The index the next pick reads is exactly what the model scores.
          const flat = await client.zrange(sessionKeys(layout.sessionId).picks, 0, -1, 'WITHSCORES');
          const picks = new Map<string, number>();
          for (let i = 0; i < flat.length; i += 2) picks.set(flat[i]!, Number(flat[i + 1]));
          expect(picks).toEqual(expectedPicks(states, geo.rows, ['X', 'A'], 4));
        },
      ),
      { numRuns: 150 },
    );
  });
});
