import { DomainError, notFound } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { SessionGeometry } from '#kernel/session-layout.ts';
import type { SessionsDeps as Deps, SeatRepair, SeatStateCode } from './ports.ts';
import { sessionDataExpiresAt } from './session-data.ts';

type ReconcileDeps = Pick<Deps, 'catalogue' | 'inventory' | 'clock' | 'config'>;

type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD';
interface SeatState {
  status: SeatStatus;
  holdId?: string;
}

/**
 * Why a seat's Redis state differs from the durable record:
 * - SOLD_MISSING_IN_REDIS   DynamoDB has it sold; Redis could sell it again (the guard would stop the order).
 * - HELD_MISSING_IN_REDIS   an order holds it in DynamoDB; Redis offers it or gives it to another hold
 *                           (the SEAT_TAKEN drift: a failed order released a seat another order owns).
 * - STATE_DIFFERS           both have it, in different states.
 * - NOT_IN_DYNAMODB         Redis has it sold, DynamoDB has no record: the seat is lost to the sale.
 * - ORPHAN_HOLD             Redis holds it for a hold that has no live record, and no order owns it:
 *                           nobody can buy or release it.
 * Redis holding a seat for a live hold that is not ordered yet is normal: holds live in Redis only.
 */
export type MismatchKind =
  | 'SOLD_MISSING_IN_REDIS'
  | 'HELD_MISSING_IN_REDIS'
  | 'STATE_DIFFERS'
  | 'NOT_IN_DYNAMODB'
  | 'ORPHAN_HOLD';

export interface Mismatch {
  seatId: string;
  kind: MismatchKind;
  redis: SeatState;
  dynamodb: SeatState;
}

interface Found extends Mismatch {
  seatIdx: number;
}

const CODE: Record<SeatStatus, SeatStateCode> = { AVAILABLE: '0', HELD: '1', SOLD: '2' };
const STATUS: Record<string, SeatStatus> = { '0': 'AVAILABLE', '1': 'HELD', '2': 'SOLD' };

/** At most this many mismatches are listed in the answer; `mismatchCount` has them all. */
export const MAX_LISTED = 500;

const state = (status: SeatStatus, holdId: string | undefined): SeatState =>
  status === 'AVAILABLE' || holdId === undefined ? { status } : { status, holdId };

/** One comparison of the whole session: Redis (one atomic read) against DynamoDB (consistent reads). */
async function compare(d: ReconcileDeps, sessionId: string, geometry: SessionGeometry): Promise<Found[]> {
  const redis = await d.inventory.seatOwners(sessionId);
  if (!redis) {
    throw new DomainError('INVALID_STATE', 'The session is not loaded in Redis; open it to load it', {
      status: 'NOT_ON_SALE',
    });
  }
  const durable = new Map<number, SeatState>();
  for (const s of await d.catalogue.seatStates(sessionId)) {
    const ref = geometry.parseSeatId(s.seatId);
    if (ref) durable.set(ref.seatIdx, state(s.status, s.holdId));
  }
  const found: Found[] = [];
  const heldOnlyInRedis: { seatIdx: number; holdId: string }[] = [];
  for (let seatIdx = 0; seatIdx < geometry.seatCount; seatIdx++) {
    const code = redis.states[seatIdx] ?? '0';
    const r = state(STATUS[code] ?? 'AVAILABLE', redis.owners.get(seatIdx));
    const db = durable.get(seatIdx) ?? { status: 'AVAILABLE' };
    const same = r.status === db.status && r.holdId === db.holdId;
    if (same) continue;
    let kind: MismatchKind | undefined;
    if (db.status === 'SOLD') kind = 'SOLD_MISSING_IN_REDIS';
    else if (db.status === 'HELD') kind = r.holdId === db.holdId ? 'STATE_DIFFERS' : 'HELD_MISSING_IN_REDIS';
    else if (r.status === 'SOLD') kind = 'NOT_IN_DYNAMODB';
    else if (r.status === 'HELD' && r.holdId) heldOnlyInRedis.push({ seatIdx, holdId: r.holdId });
    if (kind) found.push({ seatIdx, seatId: geometry.seatId(seatIdx), kind, redis: r, dynamodb: db });
  }
  // Held in Redis only: normal while the hold is live; an orphan when its record is gone or ended.
  const holdIds = [...new Set(heldOnlyInRedis.map((h) => h.holdId))];
  const statuses = await d.inventory.holdStatuses(sessionId, holdIds);
  for (const { seatIdx, holdId } of heldOnlyInRedis) {
    if (statuses.get(holdId) === 'ACTIVE') continue;
    found.push({
      seatIdx,
      seatId: geometry.seatId(seatIdx),
      kind: 'ORPHAN_HOLD',
      redis: { status: 'HELD', holdId },
      dynamodb: { status: 'AVAILABLE' },
    });
  }
  return found.sort((a, b) => a.seatIdx - b.seatIdx);
}

const key = (m: Found) =>
  `${m.seatIdx}|${m.kind}|${m.redis.status}|${m.redis.holdId}|${m.dynamodb.status}|${m.dynamodb.holdId}`;

/**
 * `POST /v1/admin/sessions/{id}/reconcile` (seed 003's main pain: Redis and the DB drifting).
 * Compares every seat's Redis state with DynamoDB, the durable record. A difference seen
 * once may be an operation between its two writes (a payment between the DynamoDB commit and
 * the Redis confirm), so only differences that are still there after `settleMs` are reported.
 * With `repair`, Redis is set to DynamoDB's state seat by seat, each only if Redis has not
 * changed since it was read (compare-and-set in lua/repairSeats-6.lua).
 */
export async function reconcileSession(
  d: ReconcileDeps,
  sessionId: string,
  repair: boolean,
  opts: { settleMs: number; repairKinds?: ReadonlySet<MismatchKind> } = { settleMs: 1_000 },
) {
  const session = await d.catalogue.getSession(sessionId);
  if (!session) throw notFound('Session');
  const geometry = new SessionGeometry(session.layout);
  // After an ended show's grace its Redis data is gone on purpose: nothing to compare, and the
  // durable record is the whole truth.
  const dataExpiresAt = sessionDataExpiresAt(session, d.config.sessionDataGraceSeconds);
  if (d.clock.now() >= dataExpiresAt && !(await d.inventory.seatOwners(sessionId)))
    throw new DomainError(
      'INVALID_STATE',
      'The show is over and its seats left Redis after the grace; DynamoDB holds them',
      {
        status: 'ENDED',
        dataExpiredAt: new Date(dataExpiresAt).toISOString(),
      },
    );
  let mismatches = await compare(d, sessionId, geometry);
  if (mismatches.length > 0 && opts.settleMs > 0) {
    await new Promise((r) => setTimeout(r, opts.settleMs));
    const first = new Set(mismatches.map(key));
    mismatches = (await compare(d, sessionId, geometry)).filter((m) => first.has(key(m)));
  }
  let repaired = 0;
  let skipped = 0;
  const toRepair = repair ? mismatches.filter((m) => !opts.repairKinds || opts.repairKinds.has(m.kind)) : [];
  if (toRepair.length > 0) {
    const changes: SeatRepair[] = toRepair.map((m) => ({
      seatIdx: m.seatIdx,
      rowIdx: geometry.parseSeatId(m.seatId)!.rowIdx,
      expected: { state: CODE[m.redis.status], owner: m.redis.holdId },
      to: { state: CODE[m.dynamodb.status], owner: m.dynamodb.holdId },
    }));
    ({ repaired, skipped } = await d.inventory.repairSeats(sessionId, changes));
    logger.warn('reconcile repaired Redis from DynamoDB', { sessionId, repaired, skipped });
  }
  if (mismatches.length > toRepair.length) {
    logger.warn('reconcile found drift', { sessionId, mismatches: mismatches.length, repaired });
  }
  return {
    sessionId,
    checked: geometry.seatCount,
    mismatchCount: mismatches.length,
    mismatches: mismatches.slice(0, MAX_LISTED).map(({ seatIdx: _i, ...m }) => m),
    repaired,
    skipped,
  };
}
