import QuickLRU from 'quick-lru';
import { notFound } from '#kernel/errors.ts';
import { SessionGeometry } from '#kernel/session-layout.ts';
import { type Degradable, LastGoodCopies } from '#platform/resilience/last-good-copy.ts';
import { mightExist, rememberMissing } from './known-ids.ts';
import type { SessionsDeps as Deps } from './ports.ts';
import { type SessionStatus, visibleStatus } from './session-status.ts';

/**
 * The seat map in the compact "row-major status string" encoding (docs/API.md):
 *  - `rows[i] = [sectionIndex, rowNumber, firstSeat, seatCount]`, sections listed in `sections`;
 *  - `seats.statuses` has one character per seat in row-major order: '0' AVAILABLE, '1' HELD,
 *    '2' SOLD. Seat k of row i is character `firstSeat + k - 1`, and its id is
 *    `<sectionIndex + 1>-<rowNumber>-<k>`.
 * Producing it is one Redis GET plus a cached static part: no per-seat work on the server.
 */
const staticParts = /* @__PURE__ */ new QuickLRU<
  string,
  { sections: unknown[]; rows: number[][]; seatCount: number; tiers: unknown[] }
>({
  maxSize: 200,
  maxAge: 300_000,
});

export async function seatMap(
  d: Pick<Deps, 'inventory' | 'catalogue' | 'catalogueReads' | 'idFilter' | 'clock'>,
  sessionId: string,
) {
  // The seats from Redis, the status from the session's record (cached, versioned): a
  // closed, finished or cancelled session says so, however its Redis data still reads. The
  // record is read only for a loaded session: an id nobody knows costs no DynamoDB read.
  let geometry = await d.inventory.geometry(sessionId);
  const [loadedStates, record] = geometry
    ? await Promise.all([d.inventory.seatStates(sessionId), d.catalogueReads.session(sessionId)])
    : [undefined, undefined];
  let states = loadedStates;
  let status: SessionStatus = record ? visibleStatus(record, d.clock.now()) : 'ON_SALE';
  if (!geometry || states === undefined) {
    // Not loaded (not on sale yet, or its data expired after the show): the layout, every
    // seat available, so buyers can look ahead.
    if (!(await mightExist(d, sessionId))) throw notFound('Session');
    const session = record ?? (await d.catalogue.getSession(sessionId));
    if (!session) {
      rememberMissing(sessionId);
      throw notFound('Session');
    }
    geometry = new SessionGeometry(session.layout);
    states = '0'.repeat(geometry.seatCount);
    status = visibleStatus(session, d.clock.now());
  }
  let parts = staticParts.get(sessionId);
  if (!parts) {
    const g = geometry;
    parts = {
      seatCount: g.seatCount,
      tiers: g.layout.tiers.map(({ tierId, name, priceCents }) => ({ tierId, name, priceCents })),
      sections: g.layout.sections.map((s, i) => ({ sectionIndex: i, ...s })),
      rows: g.rows.map((r) => [r.sectionIdx, r.row, r.start, r.len]),
    };
    staticParts.set(sessionId, parts);
  }
  return {
    sessionId,
    status,
    seatCount: parts.seatCount,
    tiers: parts.tiers,
    sections: parts.sections,
    rows: parts.rows,
    seats: { encoding: 'row-major-status-v1', statuses: states },
  };
}

type SeatMap = Awaited<ReturnType<typeof seatMap>>;

/**
 * The last seat map each session had, per container: while Redis does not answer, buyers see
 * it (with its age) instead of a 503; for a quarter of an hour at most. A 100,000-seat map is
 * ~100 KB, and the status string is shared with the answer already made: no copy is made.
 */
const lastSeatMaps = /* @__PURE__ */ new LastGoodCopies<SeatMap>('seat map', {
  max: 50,
  maxAgeMs: 900_000, // 15 min, as a literal (see lastDetails in programs.ts)
});

/** `GET /v1/sessions/{id}/seats`: live from Redis, or its last good copy while Redis is down. */
export function seatMapOrLastGood(
  d: Pick<Deps, 'inventory' | 'catalogue' | 'catalogueReads' | 'idFilter' | 'clock'>,
  sessionId: string,
): Promise<Degradable<SeatMap>> {
  return lastSeatMaps.read(sessionId, () => seatMap(d, sessionId));
}
