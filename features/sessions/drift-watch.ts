import { DomainError } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import { isDependencyFailure } from '#platform/resilience/dependency-failure.ts';
import type { SessionsDeps as Deps } from './ports.ts';
import { type MismatchKind, reconcileSession } from './reconcile.ts';

/**
 * The drift the watch repairs by itself: each makes Redis follow DynamoDB, the durable
 * record, in a direction that cannot sell a seat twice or take one from its owner —
 * a sold or ordered seat Redis offers or gives to someone else (Redis marks it as DynamoDB
 * has it), a seat in both with different states (a payment whose Redis half was lost), and
 * a seat held for a hold that no longer exists (freed). `NOT_IN_DYNAMODB` (Redis sold, no
 * durable record) is left to a person: freeing it is right only once someone knows why the
 * sale has no record.
 */
export const AUTO_REPAIRED: ReadonlySet<MismatchKind> = /* @__PURE__ */ new Set([
  'SOLD_MISSING_IN_REDIS',
  'HELD_MISSING_IN_REDIS',
  'STATE_DIFFERS',
  'ORPHAN_HOLD',
]);

/** How often the watch runs in AWS (functions/triggers.ts): one session per run. */
export const DRIFT_WATCH_EVERY_SECONDS = 60;

/**
 * The scheduled reconcile (seed 003: drift found only when someone looked). Each run checks
 * one open session, in turn (the minute's number modulo the open sessions: no state to keep,
 * and a 100,000-seat session's seat records are read once every N minutes, not all sessions'
 * at once), publishes `SeatDrift` (alarm: any) and `SeatDriftRepaired`, and repairs the safe
 * kinds. A session that is not loaded any more (closed and evicted) is skipped.
 */
export async function watchDrift(
  d: Pick<Deps, 'catalogue' | 'inventory' | 'clock' | 'config'>,
  opts: { settleMs?: number; sessionId?: string } = {},
) {
  const open = (await d.inventory.openSessions()).sort();
  if (open.length === 0) return { sessionId: null };
  const sessionId =
    opts.sessionId ?? open[Math.floor(d.clock.now() / (DRIFT_WATCH_EVERY_SECONDS * 1000)) % open.length]!;
  try {
    const report = await reconcileSession(d, sessionId, true, {
      settleMs: opts.settleMs ?? 1_000,
      repairKinds: AUTO_REPAIRED,
    });
    count('SeatDrift', report.mismatchCount);
    count('SeatDriftRepaired', report.repaired);
    if (report.mismatchCount > 0) {
      logger.error('seat drift between Redis and DynamoDB', {
        metric: 'SeatDrift',
        sessionId,
        mismatchCount: report.mismatchCount,
        repaired: report.repaired,
        leftForAPerson: report.mismatches.filter((m) => !AUTO_REPAIRED.has(m.kind)),
      });
    }
    return report;
  } catch (err) {
    // Not loaded (or gone): nothing to compare. A dependency failure is the next run's job.
    if (err instanceof DomainError || isDependencyFailure(err)) {
      logger.warn('drift watch skipped a session', { sessionId, error: String(err) });
      return { sessionId, skippedReason: err instanceof DomainError ? err.code : 'UNAVAILABLE' };
    }
    throw err;
  }
}
