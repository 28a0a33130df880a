import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type DomainEvent, EVENT_SOURCE, type EventBus } from '#kernel/events.ts';

/** PutEvents takes at most 10 entries per call. */
const BATCH = 10;

export class EventBridgeEventBus implements EventBus {
  constructor(
    /** Made on first use (platform/clients/on-first-use.ts): the SDK package loads then, not at cold start. */
    private readonly client: () => Promise<EventBridgeClient>,
    private readonly busName: string,
  ) {}

  async publish(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const [{ PutEventsCommand }, client] = await Promise.all([
      import('@aws-sdk/client-eventbridge'),
      this.client(),
    ]);
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const res = await client.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: e.type,
            Detail: JSON.stringify(e.detail),
          })),
        }),
      );
      // PutEvents answers 200 even when entries failed: check each one.
      if (res.FailedEntryCount) {
        const failed = (res.Entries ?? [])
          .filter((x) => x.ErrorCode)
          .map((x) => `${x.ErrorCode}: ${x.ErrorMessage}`);
        throw new Error(
          `EventBridge refused ${res.FailedEntryCount} of ${batch.length} events (${failed.join('; ')})`,
        );
      }
    }
  }
}
