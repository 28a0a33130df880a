/**
 * A session's seat layout: sections of rows x seats, each section priced by one tier.
 * DynamoDB stores this one document per session (no item per seat); seat ids, row
 * indexes and the byte offset of each seat in Redis all derive from it.
 */
export interface Tier {
  tierId: string;
  name: string;
  priceCents: number;
  perUserLimit: number;
  /** Seats of this tier one user may have across all sessions of the program (absent: no such limit). */
  perProgramLimit?: number;
}

/** `ONE_PER_ID`: an identity document may be on at most one held, ordered or sold seat of the session. */
export type RealNameRule = 'ONE_PER_ID';

export interface Section {
  name: string;
  tierId: string;
  rows: number;
  seatsPerRow: number;
}

export interface SessionLayout {
  sessionId: string;
  programId: string;
  startsAt: string;
  saleOpensAt: string;
  /** When new holds stop (absent: `startsAt`). */
  saleClosesAt?: string;
  maxPerOrder: number;
  /** Seats one user may hold or buy over all tiers (absent on sessions created before it existed: tiers only). */
  perUserLimit?: number;
  realName?: RealNameRule;
  tiers: Tier[];
  sections: Section[];
}

export interface Row {
  rowIdx: number;
  sectionIdx: number;
  /** 1-based row number within its section. */
  row: number;
  /** Index of the row's first seat in the session (its byte offset in the Redis states string). */
  start: number;
  len: number;
  tierId: string;
}

export interface SeatRef {
  seatIdx: number;
  rowIdx: number;
}

export interface SeatView {
  seatId: string;
  section: string;
  row: number;
  col: number;
  tierId: string;
  priceCents: number;
}

/** Precomputed geometry of a layout: O(sections) to build, O(log sections) per seat lookup. */
export class SessionGeometry {
  readonly rows: Row[] = [];
  readonly seatCount: number;
  private readonly sectionFirstRow: number[] = [];
  private readonly sectionFirstSeat: number[] = [];
  private readonly prices = new Map<string, number>();

  constructor(readonly layout: SessionLayout) {
    for (const t of layout.tiers) this.prices.set(t.tierId, t.priceCents);
    let seat = 0;
    layout.sections.forEach((s, sectionIdx) => {
      this.sectionFirstRow.push(this.rows.length);
      this.sectionFirstSeat.push(seat);
      for (let r = 1; r <= s.rows; r++) {
        this.rows.push({
          rowIdx: this.rows.length,
          sectionIdx,
          row: r,
          start: seat,
          len: s.seatsPerRow,
          tierId: s.tierId,
        });
        seat += s.seatsPerRow;
      }
    });
    this.seatCount = seat;
  }

  /** Seat ids are "<section number>-<row>-<col>", all 1-based: "2-15-8". */
  seatId(seatIdx: number): string {
    const { sectionIdx, row, col } = this.locate(seatIdx);
    return `${sectionIdx + 1}-${row}-${col}`;
  }

  parseSeatId(seatId: string): SeatRef | undefined {
    const m = /^(\d{1,4})-(\d{1,5})-(\d{1,5})$/.exec(seatId);
    if (!m) return undefined;
    const sectionIdx = Number(m[1]) - 1;
    const row = Number(m[2]);
    const col = Number(m[3]);
    const section = this.layout.sections[sectionIdx];
    if (!section || row < 1 || row > section.rows || col < 1 || col > section.seatsPerRow) return undefined;
    const rowIdx = this.sectionFirstRow[sectionIdx]! + row - 1;
    return { rowIdx, seatIdx: this.rows[rowIdx]!.start + col - 1 };
  }

  seatView(seatIdx: number): SeatView {
    const { sectionIdx, row, col, tierId } = this.locate(seatIdx);
    return {
      seatId: `${sectionIdx + 1}-${row}-${col}`,
      section: this.layout.sections[sectionIdx]!.name,
      row,
      col,
      tierId,
      priceCents: this.prices.get(tierId) ?? 0,
    };
  }

  tier(tierId: string): Tier | undefined {
    return this.layout.tiers.find((t) => t.tierId === tierId);
  }

  private locate(seatIdx: number): { sectionIdx: number; row: number; col: number; tierId: string } {
    if (!Number.isInteger(seatIdx) || seatIdx < 0 || seatIdx >= this.seatCount) {
      throw new RangeError(`seat index ${seatIdx} outside 0..${this.seatCount - 1}`);
    }
    // Binary search for the last section starting at or before seatIdx.
    let lo = 0;
    let hi = this.sectionFirstSeat.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sectionFirstSeat[mid]! <= seatIdx) lo = mid;
      else hi = mid - 1;
    }
    const section = this.layout.sections[lo]!;
    const offset = seatIdx - this.sectionFirstSeat[lo]!;
    const row = Math.floor(offset / section.seatsPerRow) + 1;
    return { sectionIdx: lo, row, col: (offset % section.seatsPerRow) + 1, tierId: section.tierId };
  }
}
