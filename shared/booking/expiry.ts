import type { Deps } from '#shared/app/container.ts';
import { publishAfterCommit } from '#shared/booking/publish.ts';
import { logger } from '#shared/http/logger.ts';
import type { DomainEvent } from '#shared/ports/event-bus.ts';
import type { HoldExpiryEvent } from '#shared/ports/hold-expiry-scheduler.ts';
import type { ReleaseOutcome } from '#shared/ports/seat-inventory.ts';

type ExpiryDeps = Pick<Deps, 'inventory' | 'clock' | 'events'>;

export class HoldNotYetExpiredError extends Error {
  constructor(
    readonly holdId: string,
    readonly expiresAtMs: number,
  ) {
    super(`hold ${holdId} expires at ${new Date(expiresAtMs).toISOString()}`);
    this.name = 'HoldNotYetExpiredError';
  }
}

/**
 * The scheduled release of one hold at its expiry. Idempotent: a hold already released,
 * confirmed or expired is left alone. Firing early throws, so the scheduler retries.
 */
export async function expireHold(d: ExpiryDeps, event: HoldExpiryEvent): Promise<ReleaseOutcome> {
  const outcome = await d.inventory.release(event.sessionId, event.holdId, {
    reason: 'EXPIRED',
    nowMs: d.clock.now(),
  });
  if (outcome.kind === 'not-expired-yet') throw new HoldNotYetExpiredError(event.holdId, outcome.expiresAtMs);
  if (outcome.kind === 'released') {
    await publishAfterCommit(d, [
      { type: 'SeatsReleased', detail: { ...event, reason: 'EXPIRED', seats: outcome.freedSeats } },
    ]);
  }
  return outcome;
}

/**
 * The sweeper (one-minute rule in AWS, an interval locally): releases every overdue hold of
 * every open session, so a schedule that never fired costs at most one sweep of lag.
 */
export async function sweepExpiredHolds(
  d: ExpiryDeps,
  batchSize = 500,
): Promise<{ released: number; seats: number }> {
  const now = d.clock.now();
  let released = 0;
  let seats = 0;
  const events: DomainEvent[] = [];
  for (const sessionId of await d.inventory.openSessions()) {
    for (;;) {
      const overdue = await d.inventory.overdueHolds(sessionId, now, batchSize);
      if (overdue.length === 0) break;
      for (const holdId of overdue) {
        const outcome = await d.inventory.release(sessionId, holdId, { reason: 'EXPIRED', nowMs: now });
        if (outcome.kind === 'released') {
          released++;
          seats += outcome.freedSeats;
          events.push({
            type: 'SeatsReleased',
            detail: { sessionId, holdId, reason: 'EXPIRED', seats: outcome.freedSeats },
          });
        } else if (outcome.kind === 'not-found' || outcome.kind === 'already-ended') {
          await d.inventory.forgetExpiry(sessionId, holdId);
        }
      }
      if (overdue.length < batchSize) break;
    }
  }
  await publishAfterCommit(d, events);
  if (released > 0) logger.info('sweeper released overdue holds', { released, seats });
  return { released, seats };
}
