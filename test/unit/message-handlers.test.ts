import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { eventHandler, scheduleHandler } from '#platform/lambda/message-handlers.ts';

const busEvent = (type: string, detail: unknown) =>
  ({ 'detail-type': type, detail }) as EventBridgeEvent<string, unknown>;

describe('message handlers: each message parsed with its own schema before the use case', () => {
  it('hands a bus event of its types to the use case with its detail parsed', async () => {
    const seen: unknown[] = [];
    const handler = eventHandler(
      'test',
      ['OrderPaid'],
      async (e) => {
        seen.push(e);
        return 'done';
      },
      { malformed: 'drop' },
    );
    const detail = { orderNumber: '7', userId: 'u1', sessionId: 's1', extra: 'dropped by the schema' };
    expect(await handler(busEvent('OrderPaid', detail))).toBe('done');
    expect(seen).toEqual([
      { type: 'OrderPaid', detail: { orderNumber: '7', userId: 'u1', sessionId: 's1' } },
    ]);
  });

  it('drops, or throws to be retried, an event of another type or with a detail its schema refuses', async () => {
    let calls = 0;
    const use = async () => {
      calls++;
      return 'done';
    };
    const drop = eventHandler('test', ['SeatsReleased'], use, { malformed: 'drop' });
    expect(await drop(busEvent('OrderPaid', { orderNumber: '7', userId: 'u1', sessionId: 's1' }))).toEqual({
      malformed: true,
    });
    expect(await drop(busEvent('SeatsReleased', { sessionId: 's1', reason: 'LOST' }))).toEqual({
      malformed: true,
    });
    expect(await drop(busEvent('toString', {}))).toEqual({ malformed: true });
    const retry = eventHandler('test', ['OrderPaid'], use, { malformed: 'retry' });
    await expect(retry(busEvent('OrderPaid', { orderNumber: 7 }))).rejects.toThrow('malformed message');
    expect(calls).toBe(0);
  });

  it('parses a schedule input, and drops one that does not parse', async () => {
    const handler = scheduleHandler(
      'test',
      z.object({ holdId: z.string() }),
      async ({ holdId }) => holdId.toUpperCase(),
      { malformed: 'drop' },
    );
    expect(await handler({ holdId: 'h1' })).toBe('H1');
    expect(await handler({})).toEqual({ malformed: true });
  });
});
