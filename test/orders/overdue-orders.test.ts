import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { SessionLayout } from '#kernel/session-layout.ts';
import {
  OVERDUE_ORDER_GRACE_MS,
  sweepExpiredHolds,
  sweepOverdueOrders,
  TICKETS_NUDGE_AFTER_MS,
  UNTICKETED_AFTER_MS,
} from '#shared/booking/expiry.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import { applyPaymentResult } from '#shared/payments/payments.ts';
import { issueTickets } from '#shared/tickets/tickets.ts';
import { createTable } from '../../infra/local/dynamodb-local.ts';
import { smallLayout } from '../support/fixtures.ts';
import { orderWithPayment, paidAtGateway } from '../support/paid-orders.ts';
import { realDeps } from '../support/real-deps.ts';

// The DynamoDB sweep walks the whole table's work lists: a table of its own, so moving this
// file's clock cannot touch other files' orders.
const table = `overdue-${randomBytes(4).toString('hex')}`;
const d = realDeps({ table });
beforeAll(() => createTable(inject('apiDynamoDbUrl'), table));
afterAll(() => d.close());

let layout: SessionLayout;
beforeEach(async () => {
  d.setNow(Date.now());
  layout = smallLayout({ startsAt: new Date(Date.now() + 24 * 3_600_000).toISOString() });
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
});

/** The index is eventually consistent (in DynamoDB Local too): waits until it lists the order. */
const listedUnpaid = (orderNumber: string) =>
  expect.poll(() => d.orders.dueOrders('unpaid', '9999', 1_000)).toContain(orderNumber);

describe('the sweep of unpaid and unticketed orders from DynamoDB', () => {
  it('expires an unpaid order whose Redis hold record was lost, once it is past its end, from the table alone', async () => {
    const o = await orderWithPayment(d, layout.sessionId, ['1-1-1', '1-1-2']);
    // Redis lost the hold's record (a failover that dropped writes): neither the schedule nor
    // the hold sweep can find the order through it any more.
    await d.redis.del(sessionKeys(layout.sessionId).hold(o.message.holdId));
    await listedUnpaid(o.orderNumber);
    d.setNow(o.expiresAtMs + 1_000);
    await sweepExpiredHolds(d);
    expect((await d.orders.get(o.orderNumber))?.status).toBe('PENDING_PAYMENT');
    expect(await sweepOverdueOrders(d)).toMatchObject({ expired: 0 }); // its schedule's turn first
    d.setNow(o.expiresAtMs + OVERDUE_ORDER_GRACE_MS + 1_000);
    expect(await sweepOverdueOrders(d)).toMatchObject({ expired: 1 });
    const ended = await d.orders.get(o.orderNumber);
    expect(ended?.status).toBe('EXPIRED');
    expect(ended?.history?.at(-1)).toMatchObject({ status: 'EXPIRED', by: 'expiry' });
    // Its durable seat states are gone with it (the seats can be sold again), and it is off the list.
    expect((await d.catalogue.seatStates(layout.sessionId)).map((s) => s.seatId)).toEqual([]);
    expect(await sweepOverdueOrders(d)).toMatchObject({ expired: 0 });
  });

  it('pays instead of expiring when the provider took the money', async () => {
    const o = await paidAtGateway(d, layout.sessionId, ['1-1-3']);
    await d.redis.del(sessionKeys(layout.sessionId).hold(o.message.holdId));
    await listedUnpaid(o.orderNumber);
    d.setNow(o.expiresAtMs + OVERDUE_ORDER_GRACE_MS + 1_000);
    expect(await sweepOverdueOrders(d)).toMatchObject({ expired: 0, paid: 1 });
    expect((await d.orders.get(o.orderNumber))?.status).toBe('PAID');
    // Ticketed, so the next test's count of unticketed orders is its own.
    expect(await issueTickets(d, o.orderNumber)).toBe('issued');
    await expect.poll(() => d.orders.countDue('unticketed', '9999')).toBe(0);
  });

  it('counts paid orders without tickets after two minutes, and sends their OrderPaid again once after ten', async () => {
    const o = await paidAtGateway(d, layout.sessionId, ['1-1-4']);
    await applyPaymentResult(d, o.payment, o.result);
    expect((await d.orders.get(o.orderNumber))?.status).toBe('PAID');
    const paidAt = Date.parse((await d.orders.get(o.orderNumber))!.paidAt!);
    // The index is eventually consistent (in DynamoDB Local too): wait until it lists the order.
    await expect.poll(() => d.orders.countDue('unticketed', '9999')).toBe(1);
    d.setNow(paidAt + UNTICKETED_AFTER_MS - 1_000);
    expect(await sweepOverdueOrders(d)).toMatchObject({ unticketed: 0, nudged: 0 });
    d.setNow(paidAt + UNTICKETED_AFTER_MS + 1_000);
    expect(await sweepOverdueOrders(d)).toMatchObject({ unticketed: 1, nudged: 0 });
    d.setNow(paidAt + TICKETS_NUDGE_AFTER_MS + 1_000);
    expect(await sweepOverdueOrders(d)).toMatchObject({ unticketed: 1, nudged: 1 });
    expect(await sweepOverdueOrders(d)).toMatchObject({ unticketed: 1, nudged: 0 });
    // The payment's OrderPaid and the one sent again, both through the outbox.
    const paidEvents = (await d.outbox()).filter(
      (e) => e.type === 'OrderPaid' && e.detail.orderNumber === o.orderNumber,
    );
    expect(paidEvents).toHaveLength(2);
    // Ticketed: off the list.
    expect(await issueTickets(d, o.orderNumber)).toBe('issued');
    await expect.poll(() => d.orders.countDue('unticketed', '9999')).toBe(0);
    expect(await sweepOverdueOrders(d)).toMatchObject({ unticketed: 0 });
  });
});
