/**
 * Geometry of a seat map from its compact encoding (docs/API.md, `row-major-status-v1`).
 * The encoding has no coordinates: sections are packed on shelves in the admin's order
 * (front sections first, nearest the stage at the top), one unit per seat. Pure functions,
 * no DOM, so the web app and the tests share them.
 */
export interface MapSection {
  sectionIndex: number;
  name: string;
  tierId: string;
  rows: number;
  seatsPerRow: number;
}

export interface CompactSeatMap {
  sessionId: string;
  status: string;
  seatCount: number;
  tiers: { tierId: string; name: string; priceCents: number }[];
  sections: MapSection[];
  /** `[sectionIndex, rowNumber, firstSeat, seatCount]` */
  rows: [number, number, number, number][];
  seats: { encoding: string; statuses: string };
}

export interface PlacedSection extends MapSection {
  /** Top-left corner in seat units; the section's name sits in the LABEL band above it. */
  x: number;
  y: number;
  /** rows index of each of the section's rows, by rowNumber − 1. */
  rowIndex: number[];
}

export interface Layout {
  sections: PlacedSection[];
  width: number;
  height: number;
  /** Height of the stage band at the top, in seat units. */
  stage: number;
}

const GAP = 3;
const LABEL = 2;

export function layoutOf(map: CompactSeatMap): Layout {
  const byIndex = new Map<number, number[]>();
  map.rows.forEach(([s, rowNumber], i) => {
    const list = byIndex.get(s) ?? [];
    byIndex.set(s, list);
    list[rowNumber - 1] = i;
  });
  const area = map.sections.reduce((n, s) => n + (s.seatsPerRow + GAP) * (s.rows + GAP + LABEL), 0);
  const widest = Math.max(1, ...map.sections.map((s) => s.seatsPerRow));
  // A compact block (shelves about as wide as the block is tall), never narrower than the widest section.
  const target = Math.max(widest, Math.ceil(Math.sqrt(area * 1.33)));
  const stage = Math.max(2, Math.round(target / 15));
  const placed: PlacedSection[] = [];
  let x = 0;
  let y = stage + GAP;
  let shelf = 0;
  let width = 0;
  for (const s of map.sections) {
    if (x > 0 && x + s.seatsPerRow > target) {
      x = 0;
      y += shelf + GAP;
      shelf = 0;
    }
    placed.push({ ...s, x, y: y + LABEL, rowIndex: byIndex.get(s.sectionIndex) ?? [] });
    x += s.seatsPerRow + GAP;
    width = Math.max(width, x - GAP);
    shelf = Math.max(shelf, s.rows + LABEL);
  }
  // Centre each shelf's sections horizontally: the stage is in the middle.
  const shelves = new Map<number, PlacedSection[]>();
  for (const p of placed) {
    const list = shelves.get(p.y) ?? [];
    list.push(p);
    shelves.set(p.y, list);
  }
  for (const list of shelves.values()) {
    const last = list[list.length - 1]!;
    const shift = Math.floor((width - (last.x + last.seatsPerRow)) / 2);
    for (const p of list) p.x += shift;
  }
  return { sections: placed, width: Math.max(width, 1), height: y + shelf, stage };
}

export interface SeatRef {
  seatId: string;
  /** Position in the statuses string. */
  index: number;
  section: PlacedSection;
  row: number;
  col: number;
}

/** The seat under a point in seat units, or undefined (aisles, labels, outside). */
export function seatAt(layout: Layout, map: CompactSeatMap, ux: number, uy: number): SeatRef | undefined {
  for (const s of layout.sections) {
    if (ux < s.x || uy < s.y || ux >= s.x + s.seatsPerRow || uy >= s.y + s.rows) continue;
    const row = Math.floor(uy - s.y) + 1;
    const col = Math.floor(ux - s.x) + 1;
    const ri = s.rowIndex[row - 1];
    if (ri === undefined) return undefined;
    const r = map.rows[ri]!;
    if (col > r[3]) return undefined;
    return { seatId: `${s.sectionIndex + 1}-${row}-${col}`, index: r[2] + col - 1, section: s, row, col };
  }
  return undefined;
}

/** Where a seat id is drawn (seat units), for highlighting selected seats. */
export function seatBox(layout: Layout, seatId: string): { x: number; y: number } | undefined {
  const [sec, row, col] = seatId.split('-').map(Number);
  if (!sec || !row || !col) return undefined;
  const s = layout.sections.find((p) => p.sectionIndex === sec - 1);
  if (!s || row > s.rows || col > s.seatsPerRow) return undefined;
  return { x: s.x + col - 1, y: s.y + row - 1 };
}

/** The status character of a seat id: '0' available, '1' held, '2' sold. */
export function statusOf(layout: Layout, map: CompactSeatMap, seatId: string): string | undefined {
  const box = seatBox(layout, seatId);
  if (!box) return undefined;
  const ref = seatAt(layout, map, box.x + 0.5, box.y + 0.5);
  return ref ? map.seats.statuses[ref.index] : undefined;
}
