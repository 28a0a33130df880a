import type { DomainEvent } from '#kernel/events.ts';
import { logger } from '#kernel/observability/logger.ts';
import type { Deps } from '#shared/app/deps.ts';

/**
 * Publishes after the state change is done. A failed publish is logged, not thrown: the
 * change already happened (seats are free). Only events nothing depends on for correctness go
 * this way (a lost SeatsReleased leaves a waitlist unserved: the seats are on sale anyway);
 * an event that money or tickets depend on is written with its change instead
 * (shared/events/outbox.ts).
 */
export async function publishAfterCommit(d: Pick<Deps, 'events'>, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  try {
    await d.events.publish(events);
  } catch (error) {
    logger.warn('could not publish domain events', {
      types: events.map((e) => e.type),
      error: error as Error,
    });
  }
}
