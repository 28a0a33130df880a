import type { Deps } from '#shared/app/deps.ts';
import { logger } from '#shared/http/logger.ts';
import type { DomainEvent } from '#shared/ports/event-bus.ts';

/**
 * Publishes after the state change is done. A failed publish is logged, not thrown: the
 * change already happened (seats are free), and nothing downstream may depend on the event
 * for correctness (the waitlist also polls availability).
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
