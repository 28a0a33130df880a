import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { type DomainEvent, EVENT_SOURCE, type EventBus } from '#kernel/events.ts';

type Target = (event: EventBridgeEvent<string, unknown>) => Promise<unknown>;

/**
 * EventBridge stand-in: delivers each event, in the EventBridge envelope a rule target
 * receives, to the handlers subscribed to its detail-type (as rules on the bus would),
 * asynchronously and after the publisher's call returns.
 */
export class LocalEventBus implements EventBus {
  private readonly rules = new Map<string, Target[]>();
  private inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly onError: (err: unknown, event: EventBridgeEvent<string, unknown>) => void = () =>
      undefined,
  ) {}

  subscribe(detailType: string, target: Target): void {
    this.rules.set(detailType, [...(this.rules.get(detailType) ?? []), target]);
  }

  /** A fault drill's switch (POST /sandbox/faults/event-bus): while down, every publish is refused. */
  down = false;

  async publish(events: DomainEvent[]): Promise<void> {
    if (this.down && events.length > 0)
      throw new Error(`the event bus is down (fault drill): refused ${events.length} events`);
    for (const e of events) {
      const envelope: EventBridgeEvent<string, unknown> = {
        version: '0',
        id: randomUUID(),
        'detail-type': e.type,
        source: EVENT_SOURCE,
        account: '000000000000',
        time: new Date().toISOString(),
        region: process.env.AWS_REGION ?? 'us-east-1',
        resources: [],
        detail: e.detail,
      };
      for (const target of this.rules.get(e.type) ?? []) {
        const p = new Promise((r) => setImmediate(r))
          .then(() => target(envelope))
          .catch((err: unknown) => this.onError(err, envelope))
          .finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
    }
  }

  /** Waits until every delivery so far has finished (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
