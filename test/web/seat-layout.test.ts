import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompactSeatMap, layoutOf, seatAt, seatBox, statusOf } from '../../web/src/seatmap/layout.ts';

/** The seat map's geometry (web/src/seatmap/layout.ts): what the canvas draws is what a tap picks. */
function mapOf(
  sections: { rows: number; seatsPerRow: number }[],
  statusOfSeat: (i: number) => string,
): CompactSeatMap {
  const rows: [number, number, number, number][] = [];
  let first = 0;
  sections.forEach((s, si) => {
    for (let r = 1; r <= s.rows; r++) {
      rows.push([si, r, first, s.seatsPerRow]);
      first += s.seatsPerRow;
    }
  });
  return {
    sessionId: 's1',
    status: 'ON_SALE',
    seatCount: first,
    tiers: [{ tierId: 'A', name: 'A', priceCents: 100 }],
    sections: sections.map((s, i) => ({ sectionIndex: i, name: `S${i}`, tierId: 'A', ...s })),
    rows,
    seats: {
      encoding: 'row-major-status-v1',
      statuses: Array.from({ length: first }, (_, i) => statusOfSeat(i)).join(''),
    },
  };
}

describe('seat map layout', () => {
  it('maps every seat to one box, and the box back to that seat and its status character', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ rows: fc.integer({ min: 1, max: 12 }), seatsPerRow: fc.integer({ min: 1, max: 30 }) }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (sections) => {
          const map = mapOf(sections, (i) => String(i % 3));
          const layout = layoutOf(map);
          const boxes = new Set<string>();
          map.rows.forEach(([si, row, first, count]) => {
            for (let col = 1; col <= count; col++) {
              const id = `${si + 1}-${row}-${col}`;
              const box = seatBox(layout, id)!;
              expect(box.x + 1).toBeLessThanOrEqual(layout.width);
              expect(box.y + 1).toBeLessThanOrEqual(layout.height);
              boxes.add(`${box.x},${box.y}`);
              const hit = seatAt(layout, map, box.x + 0.5, box.y + 0.5)!;
              expect(hit.seatId).toBe(id);
              expect(hit.index).toBe(first + col - 1);
              expect(statusOf(layout, map, id)).toBe(String((first + col - 1) % 3));
            }
          });
          // No two seats share a box; the stage band and the aisles pick nothing.
          expect(boxes.size).toBe(map.seatCount);
          expect(seatAt(layout, map, 0.5, 0.5)).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lays out the 100,000-seat stadium in a compact block (about as tall as wide) without overlap', () => {
    const map = mapOf(
      Array.from({ length: 20 }, () => ({ rows: 50, seatsPerRow: 100 })),
      () => '0',
    );
    const layout = layoutOf(map);
    expect(layout.width / layout.height).toBeGreaterThan(0.5);
    expect(layout.width / layout.height).toBeLessThan(2.5);
    for (const a of layout.sections)
      for (const b of layout.sections) {
        if (a === b) continue;
        const apart =
          a.x + a.seatsPerRow <= b.x ||
          b.x + b.seatsPerRow <= a.x ||
          a.y + a.rows <= b.y ||
          b.y + b.rows <= a.y;
        expect(apart).toBe(true);
      }
  });
});
