import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '#kernel/events.ts';
import { publishAfterCommit } from '#shared/booking/publish.ts';
import { EventBridgeEventBus } from '#shared/events/eventbridge-event-bus.ts';
import { LocalEventBus } from '../../infra/local/local-event-bus.ts';

const ebMock = mockClient(EventBridgeClient);
const released = (i: number): DomainEvent => ({
  type: 'SeatsReleased',
  detail: { sessionId: 's1', holdId: `s1_${String(i).padStart(12, '0')}`, reason: 'EXPIRED', seats: 2 },
});

describe('EventBridge event bus adapter', () => {
  beforeEach(() => ebMock.reset());

  it('puts events on the bus in batches of ten, with source, detail-type and JSON detail', async () => {
    ebMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const bus = new EventBridgeEventBus(
      async () => new EventBridgeClient({ region: 'eu-west-1' }),
      'ticketing-bus',
    );
    await bus.publish(Array.from({ length: 23 }, (_, i) => released(i)));
    const calls = ebMock.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls[0]!.args[0].input.Entries![0]).toEqual({
      EventBusName: 'ticketing-bus',
      Source: 'ticketing',
      DetailType: 'SeatsReleased',
      Detail: JSON.stringify(released(0).detail),
    });
  });

  it('throws when EventBridge refuses some entries, even with a 200', async () => {
    ebMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    const bus = new EventBridgeEventBus(
      async () => new EventBridgeClient({ region: 'eu-west-1' }),
      'ticketing-bus',
    );
    await expect(bus.publish([released(1), released(2)])).rejects.toThrow(
      /refused 1 of 2 events \(InternalFailure: try again\)/,
    );
    // After the state change a failed publish is logged, not thrown.
    await expect(publishAfterCommit({ events: bus }, [released(3)])).resolves.toBeUndefined();
  });
});

describe('local event bus', () => {
  it('delivers the EventBridge envelope to the targets of that detail-type only, after publish returns', async () => {
    const bus = new LocalEventBus();
    const got: unknown[] = [];
    bus.subscribe('SeatsReleased', async (e) => {
      got.push(e);
    });
    bus.subscribe('OrderPaid', async () => {
      throw new Error('must not be called');
    });
    await bus.publish([released(7)]);
    expect(got).toEqual([]);
    await bus.drain();
    expect(got).toEqual([
      expect.objectContaining({
        version: '0',
        source: 'ticketing',
        'detail-type': 'SeatsReleased',
        detail: released(7).detail,
        id: expect.any(String),
        time: expect.any(String),
      }),
    ]);
  });

  it('reports a failing target without failing the publisher', async () => {
    const errors: string[] = [];
    const bus = new LocalEventBus((err) => errors.push((err as Error).message));
    bus.subscribe('SeatsReleased', async () => {
      throw new Error('target down');
    });
    await expect(bus.publish([released(1)])).resolves.toBeUndefined();
    await bus.drain();
    expect(errors).toEqual(['target down']);
  });
});
