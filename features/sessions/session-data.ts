import { logger } from '#kernel/observability/logger.ts';
import type { SessionsDeps as Deps } from './ports.ts';
import type { SessionRecord } from './records.ts';
import { saleClosesAtOf } from './session-status.ts';

/**
 * When an ended session's Redis data (seats, counters, limits, its waiting room) goes: the
 * show's start or the sale's end, whichever is later, plus the grace (two days by default):
 * check-in, refunds and reconcile read it until then; DynamoDB is the record after it.
 */
export function sessionDataExpiresAt(
  s: Pick<SessionRecord, 'startsAt' | 'saleClosesAt'>,
  graceSeconds: number,
): number {
  return Math.max(Date.parse(s.startsAt), Date.parse(saleClosesAtOf(s))) + graceSeconds * 1000;
}

/**
 * The sweeper retired a session (its sale is over and no hold in it is live): its data is
 * given its expiry, in one check-and-set (a session reopened meanwhile keeps its data), and so
 * is its waiting room's. A failure is logged: the next retirement of it sets it again.
 */
export async function expireEndedSessionData(
  d: Pick<Deps, 'inventory' | 'waitingRoom' | 'catalogue' | 'config'>,
  sessionId: string,
  nowMs: number,
): Promise<boolean> {
  try {
    const session = await d.catalogue.getSession(sessionId);
    if (!session) return false;
    const at = sessionDataExpiresAt(session, d.config.sessionDataGraceSeconds);
    if (!(await d.inventory.expireEndedSessionData(sessionId, nowMs, at))) return false;
    await d.waitingRoom.expireData(sessionId, at);
    return true;
  } catch (error) {
    logger.warn('could not set an ended session’s data to expire', { sessionId, error: String(error) });
    return false;
  }
}

/** A session that sells again (opened, or its sale moved later) keeps its data in Redis. */
export async function keepSessionData(
  d: Pick<Deps, 'inventory' | 'waitingRoom'>,
  sessionId: string,
): Promise<void> {
  await Promise.all([d.inventory.keepSessionData(sessionId), d.waitingRoom.keepData(sessionId)]);
}
