import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '#kernel/events.ts';
import { outboxPut } from '#shared/events/outbox.ts';
import { relayOutbox, type StreamRecord } from '#shared/events/outbox-relay.ts';

/** A stream record of an outbox insert, as DynamoDB Streams carries it (typed attributes). */
function insert(orderNumber: string, sequence: number): StreamRecord {
  const put = outboxPut(
    't',
    `OrderPaid#${orderNumber}`,
    { type: 'OrderPaid', detail: { orderNumber, userId: 'u', sessionId: 's' } },
    Date.parse('2027-01-01T00:00:00Z'),
  );
  return {
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(put.Put.Item), SequenceNumber: String(sequence).padStart(21, '0') },
  };
}

describe('the outbox relay', () => {
  it('puts every outbox event on the bus in stream order, ten at a time', async () => {
    const put: DomainEvent[][] = [];
    const records = Array.from({ length: 23 }, (_, i) => insert(String(1000 + i), i + 1));
    const out = await relayOutbox({ events: { publish: async (e) => void put.push(e) } }, records);
    expect(out).toEqual({ batchItemFailures: [], relayed: 23 });
    expect(put.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(put.flat().map((e) => (e.detail as { orderNumber: string }).orderNumber)).toEqual(
      records.map((_, i) => String(1000 + i)),
    );
  });

  it('reports a refused batch from its first record, so it and everything after are delivered again', async () => {
    let calls = 0;
    const records = Array.from({ length: 25 }, (_, i) => insert(String(2000 + i), i + 1));
    const out = await relayOutbox(
      {
        events: {
          publish: async () => {
            calls++;
            if (calls === 2) throw new Error('bus refused');
          },
        },
      },
      records,
    );
    expect(out).toEqual({
      batchItemFailures: [{ itemIdentifier: records[10]!.dynamodb!.SequenceNumber! }],
      relayed: 10,
    });
    expect(calls).toBe(2);
  });

  it('skips stream records that are not outbox inserts (modify, remove, other items)', async () => {
    const put: DomainEvent[] = [];
    const other: StreamRecord = {
      eventName: 'INSERT',
      dynamodb: {
        NewImage: marshall({ pk: 'ORDER#1', sk: 'META', type: 'OrderPaid', detail: {} }),
        SequenceNumber: '9',
      },
    };
    const removed: StreamRecord = { ...insert('3000', 10), eventName: 'REMOVE' };
    const out = await relayOutbox({ events: { publish: async (e) => void put.push(...e) } }, [
      other,
      removed,
      insert('3001', 11),
    ]);
    expect(out.relayed).toBe(1);
    expect(put.map((e) => (e.detail as { orderNumber: string }).orderNumber)).toEqual(['3001']);
  });
});
