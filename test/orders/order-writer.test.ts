import { randomBytes } from 'node:crypto';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { openSession } from '#features/sessions/programs.ts';
import { DomainError } from '#kernel/errors.ts';
import type { Principal } from '#kernel/principal.ts';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import { GetCommand, PutCommand, UpdateCommand } from '#platform/clients/dynamodb.ts';
import { expireHold, sweepExpiredHolds } from '#shared/booking/expiry.ts';
import { createHold } from '#shared/booking/holds.ts';
import { placeOrder } from '#shared/orders/place-order.ts';
import { writeOrder } from '#shared/orders/write-order.ts';
import type { OrderMessage } from '#shared/ports/orders.ts';
import { smallLayout, storeOnSaleSession } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

let layout: SessionLayout;
let n = 0;
const user = (): Principal => ({
  userId: `ou${Date.now()}${n++}`,
  role: 'user',
  tokenId: 't',
  expiresAtSec: 0,
});

async function withBuyers(p: Principal, count = 2) {
  await d.buyerCache.replace(
    p.userId,
    Array.from({ length: count }, (_, i) => ({
      buyerId: `b${i}`,
      idType: 1,
      name: '张*',
      idNumber: '1101**********1234',
    })),
  );
  return Array.from({ length: count }, (_, i) => `b${i}`);
}

/** Places an order (one step) and returns the message it queued. */
async function queued(p: Principal, seatIds: string[]): Promise<OrderMessage> {
  const buyers = await withBuyers(p, seatIds.length);
  const res = await placeOrder(
    d,
    p,
    { sessionId: layout.sessionId, seatIds, buyerIds: buyers },
    `k-${p.userId}`,
  );
  expect(res.status).toBe(202);
  return d.sent.at(-1)!;
}

const seatItem = async (seatId: string) =>
  (
    await d.db.send(
      new GetCommand({
        TableName: d.table,
        Key: { pk: `SESSION#${layout.sessionId}`, sk: `SEAT#${seatId}` },
      }),
    )
  ).Item;

beforeEach(async () => {
  d.setNow(Date.now());
  layout = smallLayout();
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
});

describe('order writer', () => {
  it('writes the order PENDING_PAYMENT with a seat-state item per seat, once, however often delivered', async () => {
    const m = await queued(user(), ['1-1-1', '1-1-2']);
    expect(await writeOrder(d, m)).toBe('written');
    expect(await writeOrder(d, m)).toBe('already-written');
    const order = await d.orders.get(m.orderNumber);
    expect(order).toMatchObject({ status: 'PENDING_PAYMENT', holdId: m.holdId, amountCents: 20_000 });
    expect(await seatItem('1-1-1')).toMatchObject({
      status: 'HELD',
      holdId: m.holdId,
      orderNumber: m.orderNumber,
    });
    expect(await seatItem('1-1-2')).toMatchObject({ status: 'HELD', holdId: m.holdId });
  });

  it('writes exactly one order when the same message is delivered twice at once', async () => {
    const m = await queued(user(), ['1-2-5']);
    const results = await Promise.all([writeOrder(d, m), writeOrder(d, m), writeOrder(d, m)]);
    expect(results.filter((r) => r === 'written')).toHaveLength(1);
    expect(results.filter((r) => r === 'already-written')).toHaveLength(2);
  });

  it('fails the order cleanly when DynamoDB says a seat is taken (Redis lost a write), releasing the hold', async () => {
    const m = await queued(user(), ['2-1-1', '2-1-2']);
    // Another hold owns 2-1-2 durably: the case of a Redis failover that lost writes.
    await d.db.send(
      new PutCommand({
        TableName: d.table,
        Item: {
          pk: `SESSION#${layout.sessionId}`,
          sk: 'SEAT#2-1-2',
          seatId: '2-1-2',
          status: 'SOLD',
          holdId: 'other_000000000000',
          orderNumber: '1',
        },
      }),
    );
    expect(await writeOrder(d, m)).toBe('failed-seat-taken');
    expect(await d.orders.get(m.orderNumber)).toMatchObject({
      status: 'FAILED',
      failureReason: 'SEAT_TAKEN',
    });
    expect(await seatItem('2-1-1')).toBeUndefined(); // nothing of the transaction was written
    expect(await seatItem('2-1-2')).toMatchObject({ holdId: 'other_000000000000' }); // untouched
    expect((await d.inventory.getHold(layout.sessionId, m.holdId))?.status).toBe('RELEASED');
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
    expect(d.events.published.some((e) => e.type === 'SeatsReleased' && e.detail.holdId === m.holdId)).toBe(
      true,
    );
  });

  it('rolls back a message older than the limit instead of writing a surprise order', async () => {
    const m = await queued(user(), ['1-1-9']);
    d.setNow(m.acceptedAtMs + 121_000);
    expect(await writeOrder(d, m)).toBe('rolled-back');
    expect(await d.orders.get(m.orderNumber)).toMatchObject({ status: 'FAILED', failureReason: 'TIMEOUT' });
    expect(await seatItem('1-1-9')).toBeUndefined();
    expect((await d.inventory.seatStates(layout.sessionId))?.[8]).toBe('0');
    // A late redelivery of the same message changes nothing.
    expect(await writeOrder(d, m)).toBe('rolled-back');
  });

  it('reports only the failing records of a batch (partial batch response)', async () => {
    // The real handler builds the real container on first use.
    Object.assign(process.env, {
      TABLE_NAME: d.table,
      REDIS_URL: inject('redisUrl'),
      PII_KEY: randomBytes(32).toString('base64'),
    });
    const m = await queued(user(), ['1-2-9']);
    const { handler } = await import('../../functions/order-writer/index.ts');
    const { overrideDeps } = await import('#shared/app/container.ts');
    overrideDeps({ orders: d.orders, inventory: d.inventory, clock: d.clock, events: d.events });
    const record = (id: string, body: string) => ({
      messageId: id,
      receiptHandle: id,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders',
      awsRegion: 'us-east-1',
    });
    const event: SQSEvent = {
      Records: [record('bad', '{"not":"an order"}'), record('good', JSON.stringify(m))],
    };
    const result = await handler(event, {} as Context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect((await d.orders.get(m.orderNumber))?.status).toBe('PENDING_PAYMENT');
  });
});

describe('placing an order when the queue is down', () => {
  it('releases the hold this request made, answers 503 with retry-after, and lets the key be reused', async () => {
    const p = user();
    const buyers = await withBuyers(p, 2);
    d.orderQueue.failNext = 1;
    const err = await placeOrder(
      d,
      p,
      { sessionId: layout.sessionId, tierId: 'A', count: 2, buyerIds: buyers },
      'key-down',
    ).catch((e: unknown) => e as DomainError);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 2 });
    expect((await d.inventory.counts(layout.sessionId))?.byTier.find((t) => t.tierId === 'A')?.held).toBe(0);
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
    const again = await placeOrder(
      d,
      p,
      { sessionId: layout.sessionId, tierId: 'A', count: 2, buyerIds: buyers },
      'key-down',
    );
    expect(again.status).toBe(202);
  });

  it('an accepted order stays accepted when its idempotent answer cannot be recorded (202, written once)', async () => {
    const p = user();
    const buyers = await withBuyers(p, 1);
    const idempotency = Object.create(d.idempotency) as typeof d.idempotency;
    idempotency.complete = async () => {
      throw Object.assign(new Error('Request timed out (injected)'), { name: 'TimeoutError' });
    };
    const res = await placeOrder(
      { ...d, idempotency },
      p,
      { sessionId: layout.sessionId, seatIds: ['2-2-1'], buyerIds: buyers },
      'key-unrecorded',
    );
    expect(res.status).toBe(202);
    const m = d.sent.at(-1)!;
    expect(m.orderNumber).toBe((res.body as { orderNumber: string }).orderNumber);
    expect(await writeOrder(d, m)).toBe('written');
  });

  it('hands an existing hold back to its holder, still held', async () => {
    const p = user();
    const buyers = await withBuyers(p, 1);
    const hold = await createHold(
      d,
      p,
      layout.sessionId,
      { seatIds: ['2-3-3'], buyerIds: buyers },
      { admissionToken: undefined },
    );
    d.orderQueue.failNext = 1;
    await expect(placeOrder(d, p, { holdId: hold.holdId }, 'key-hold')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    const after = await d.inventory.getHold(layout.sessionId, hold.holdId);
    expect(after).toMatchObject({ status: 'ACTIVE' });
    expect(after?.orderNumber).toBeUndefined();
    expect((await placeOrder(d, p, { holdId: hold.holdId }, 'key-hold')).status).toBe(202);
  });
});

describe('a send whose answer was lost (it reached the queue; the order flow saw a timeout)', () => {
  it('delivered after the 503: the writer drops the message, no order is written, the seats are free', async () => {
    const p = user();
    const buyers = await withBuyers(p, 2);
    d.orderQueue.lostAnswerNext = 1;
    await expect(
      placeOrder(d, p, { sessionId: layout.sessionId, tierId: 'A', count: 2, buyerIds: buyers }, 'key-lost'),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const late = d.sent.at(-1)!;
    expect(await writeOrder(d, late)).toBe('dropped');
    expect(await writeOrder(d, late)).toBe('dropped');
    expect(await d.orders.get(late.orderNumber)).toBeUndefined();
    expect((await d.inventory.counts(layout.sessionId))?.byTier.find((t) => t.tierId === 'A')?.held).toBe(0);
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
  });

  it('delivered before the order flow gave up: the order stands (202) and is written once', async () => {
    const p = user();
    const buyers = await withBuyers(p, 2);
    d.orderQueue.lostAnswerNext = 1;
    d.orderQueue.deliverFirst = (m) => writeOrder(d, m);
    try {
      const res = await placeOrder(
        d,
        p,
        { sessionId: layout.sessionId, seatIds: ['2-1-1', '2-1-2'], buyerIds: buyers },
        'key-lost-2',
      );
      expect(res.status).toBe(202);
      const { orderNumber } = res.body as { orderNumber: string };
      expect(await d.orders.get(orderNumber)).toMatchObject({ status: 'PENDING_PAYMENT' });
      // The redelivery of the same message changes nothing.
      expect(await writeOrder(d, d.sent.at(-1)!)).toBe('already-written');
      expect(await inventoryViolations(d.redis, layout)).toEqual([]);
    } finally {
      d.orderQueue.deliverFirst = undefined;
    }
  });
});

describe('expiry of an unpaid order', () => {
  it('moves PENDING_PAYMENT to EXPIRED, deletes its seat states and frees the seats', async () => {
    const m = await queued(user(), ['1-1-4', '1-1-5']);
    await writeOrder(d, m);
    d.setNow(m.expiresAtMs + 1);
    expect(await expireHold(d, { sessionId: m.sessionId, holdId: m.holdId })).toEqual({
      kind: 'released',
      freedSeats: 2,
    });
    expect((await d.orders.get(m.orderNumber))?.status).toBe('EXPIRED');
    expect(await seatItem('1-1-4')).toBeUndefined();
    expect(await seatItem('1-1-5')).toBeUndefined();
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
    expect(await expireHold(d, { sessionId: m.sessionId, holdId: m.holdId })).toEqual({
      kind: 'already-ended',
      status: 'EXPIRED',
    });
  });

  it('is done by the sweeper when the schedule never fired', async () => {
    const m = await queued(user(), ['2-3-7']);
    await writeOrder(d, m);
    d.setNow(m.expiresAtMs + 60_000);
    // Sweep only this test's session: other test files share this Redis.
    const inventory = Object.assign(Object.create(d.inventory) as typeof d.inventory, {
      openSessions: async () => [layout.sessionId],
    });
    expect(await sweepExpiredHolds({ ...d, inventory })).toEqual({ released: 1, seats: 1, retired: 0 });
    expect((await d.orders.get(m.orderNumber))?.status).toBe('EXPIRED');
    expect(await seatItem('2-3-7')).toBeUndefined();
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
  });

  it('keeps the seats of an order that was paid in the meantime', async () => {
    const m = await queued(user(), ['1-1-7']);
    await writeOrder(d, m);
    await d.db.send(
      new UpdateCommand({
        TableName: d.table,
        Key: { pk: `ORDER#${m.orderNumber}`, sk: 'META' },
        UpdateExpression: 'SET #s = :p',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': 'PAID' },
      }),
    );
    d.setNow(m.expiresAtMs + 1);
    expect(await expireHold(d, { sessionId: m.sessionId, holdId: m.holdId })).toEqual({
      kind: 'paid',
      orderNumber: m.orderNumber,
    });
    expect(await seatItem('1-1-7')).toMatchObject({ holdId: m.holdId });
    expect((await d.inventory.seatStates(layout.sessionId))?.[6]).toBe('1');
  });
});

describe('Redis lost writes, then rebuilt from DynamoDB', () => {
  it('never sells a seat twice: the durable guard fails the second order, and a rebuild restores the truth', async () => {
    const first = await queued(user(), ['2-2-1', '2-2-2']);
    expect(await writeOrder(d, first)).toBe('written');
    // Redis loses everything about the session (failover to a replica that missed writes).
    await d.inventory.warmup({ layout, held: [], sold: [], force: true });
    const second = await queued(user(), ['2-2-1']);
    expect(await writeOrder(d, second)).toBe('failed-seat-taken');
    expect(await seatItem('2-2-1')).toMatchObject({ orderNumber: first.orderNumber });
    // Opening the session again with rebuild reloads Redis from DynamoDB's seat states.
    await storeOnSaleSession(d.catalogue, layout, layout.programId + n);
    await openSession(d, layout.sessionId, true);
    const states = (await d.inventory.seatStates(layout.sessionId))!;
    const geo = new SessionGeometry(layout);
    expect(states[geo.parseSeatId('2-2-1')!.seatIdx]).toBe('1');
    expect(states[geo.parseSeatId('2-2-2')!.seatIdx]).toBe('1');
    const third = user();
    const buyers = await withBuyers(third, 1);
    await expect(
      createHold(
        d,
        third,
        layout.sessionId,
        { seatIds: ['2-2-1'], buyerIds: buyers },
        { admissionToken: undefined },
      ),
    ).rejects.toMatchObject({
      code: 'SEAT_UNAVAILABLE',
    });
    // The first order's hold can still expire normally: it owns its seats again.
    d.setNow(first.expiresAtMs + 1);
    expect(await expireHold(d, { sessionId: layout.sessionId, holdId: first.holdId })).toMatchObject({
      kind: 'released',
    });
    expect(await seatItem('2-2-1')).toBeUndefined();
  });
});
