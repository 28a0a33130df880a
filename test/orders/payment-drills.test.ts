import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { SessionLayout } from '#kernel/session-layout.ts';
import { expireHold } from '#shared/booking/expiry.ts';
import { refundOrder } from '#shared/orders/order-changes.ts';
import { applyPaymentResult } from '#shared/payments/payments.ts';
import { reconcilePayments } from '#shared/payments/reconcile-payments.ts';
import { issueTickets } from '#shared/tickets/tickets.ts';
import { createTable } from '../../infra/local/dynamodb-local.ts';
import { smallLayout } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';
import { moneyAccountedFor as accountedFor } from '../support/money.ts';
import { orderWithPayment, paidAtGateway } from '../support/paid-orders.ts';
import { realDeps } from '../support/real-deps.ts';

// The reconciler sweeps every due payment of its table: this file has a table of its own, so
// moving its clock forward cannot touch the payments of tests running beside it.
const table = `drills-${randomBytes(4).toString('hex')}`;
const d = realDeps({ table });
beforeAll(() => createTable(inject('apiDynamoDbUrl'), table));
afterAll(() => d.close());

let layout: SessionLayout;
const payments: string[] = [];

beforeEach(async () => {
  d.setNow(Date.now());
  layout = smallLayout({ startsAt: new Date(Date.now() + 24 * 3_600_000).toISOString() });
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
});

/** Seat state in Redis by seat id ('0' free, '1' held, '2' sold). */
const seatState = async (seatId: string) => {
  const ref = (await d.inventory.geometry(layout.sessionId))!.parseSeatId(seatId)!;
  return (await d.inventory.seatStates(layout.sessionId))?.[ref.seatIdx];
};

/** The money invariant (test/support/money.ts) over the sandbox gateway's books. */
const moneyAccountedFor = () =>
  accountedFor(d, payments, async (id) => ({
    taken: (await d.sandbox.query(id))?.status === 'SUCCESS',
    refunded: await d.sandbox.refunded(id),
  }));

const remember = <T extends { payment: { paymentId: string } }>(o: T): T => {
  payments.push(o.payment.paymentId);
  return o;
};

describe('payment drills (seed 002 §15): every paid amount ends on a ticketed order or refunded', () => {
  it('lost notify: the reconciler asks the provider 30 s after the payment started and pays the order', async () => {
    const o = remember(await paidAtGateway(d, layout.sessionId, ['1-1-1']));
    const started = Date.parse((await d.payments.get(o.payment.paymentId))!.createdAt);
    d.setNow(started + 20_000);
    expect((await reconcilePayments(d)).checked).toBe(0); // not due yet
    d.setNow(started + 30_000);
    expect(await reconcilePayments(d)).toMatchObject({ checked: 1, recovered: 1 });
    expect((await d.orders.get(o.orderNumber))?.status).toBe('PAID');
    expect(await seatState('1-1-1')).toBe('2');
    expect(await reconcilePayments(d)).toMatchObject({ checked: 0 }); // settled: off the list
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('an open payment is asked about 30 s, 2 min and 5 min after it started, then every 30 s from a minute before the end', async () => {
    const o = remember(await orderWithPayment(d, layout.sessionId, ['1-1-9']));
    const started = Date.parse((await d.payments.get(o.payment.paymentId))!.createdAt);
    const checkedAt = async (atMs: number) => {
      d.setNow(atMs);
      return (await reconcilePayments(d)).checked;
    };
    // Due times, and a moment before each: the payment is checked exactly at each step.
    const steps = [started + 30_000, started + 120_000, started + 300_000, o.expiresAtMs - 60_000];
    for (const at of steps) {
      expect(await checkedAt(at - 5_000), `before ${at - started}`).toBe(0);
      expect(await checkedAt(at), `at ${at - started}`).toBe(1);
    }
    expect(await checkedAt(o.expiresAtMs - 40_000)).toBe(0);
    expect(await checkedAt(o.expiresAtMs - 30_000)).toBe(1);
    expect((await d.orders.get(o.orderNumber))?.status).toBe('PENDING_PAYMENT');
    // Its end: the trade is closed at the provider and the order can expire.
    expect(await checkedAt(o.expiresAtMs)).toBe(1);
    expect((await d.payments.get(o.payment.paymentId))?.status).toBe('CLOSED');
    await expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId });
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('lost notify at expiry: the release asks the provider and the order is paid, not expired', async () => {
    const o = remember(await paidAtGateway(d, layout.sessionId, ['1-1-2']));
    d.setNow(o.expiresAtMs + 1_000);
    expect(await expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId })).toEqual({
      kind: 'paid',
      orderNumber: o.orderNumber,
    });
    expect((await d.orders.get(o.orderNumber))?.status).toBe('PAID');
    expect(await seatState('1-1-2')).toBe('2');
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('never paid: the trade is closed at the provider, the order expires, and a later payment is impossible', async () => {
    const o = remember(await orderWithPayment(d, layout.sessionId, ['1-1-3']));
    d.setNow(o.expiresAtMs + 1_000);
    expect(await reconcilePayments(d)).toMatchObject({ checked: 1, closed: 1 });
    expect((await d.payments.get(o.payment.paymentId))?.status).toBe('CLOSED');
    await expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId });
    expect((await d.orders.get(o.orderNumber))?.status).toBe('EXPIRED');
    expect(await seatState('1-1-3')).toBe('0');
    const late = await d.sandbox.settle(o.payment.paymentId, 'SUCCESS', d.clock.now());
    expect(late?.status).toBe('CLOSED');
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('notify after expiry: the money goes back, and the order ends REFUNDED only once the provider confirms', async () => {
    const o = remember(await orderWithPayment(d, layout.sessionId, ['1-1-4']));
    d.setNow(o.expiresAtMs + 1_000);
    await expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId });
    expect((await d.orders.get(o.orderNumber))?.status).toBe('EXPIRED');
    // The buyer pays at the gateway anyway (the trade was not closed yet), the provider is
    // down for refunds at first.
    const result = (await d.sandbox.settle(o.payment.paymentId, 'SUCCESS', d.clock.now()))!;
    const refund = vi.spyOn(d.sandbox, 'refund').mockRejectedValueOnce(new Error('provider down'));
    await applyPaymentResult(d, o.payment, result);
    expect(refund).toHaveBeenCalledTimes(1);
    expect((await d.payments.get(o.payment.paymentId))?.status).toBe('REFUND_PENDING');
    expect((await d.orders.get(o.orderNumber))?.status).toBe('EXPIRED');
    expect(await moneyAccountedFor()).toEqual([]);
    // The reconciler retries after the backoff, not before.
    expect(await reconcilePayments(d)).toMatchObject({ refunded: 0, refundsPending: 1 });
    d.setNow(d.clock.now() + 60_001);
    expect(await reconcilePayments(d)).toMatchObject({ refunded: 1, refundsPending: 0 });
    expect((await d.payments.get(o.payment.paymentId))?.status).toBe('REFUNDED');
    expect((await d.orders.get(o.orderNumber))?.status).toBe('REFUNDED');
    expect(await seatState('1-1-4')).toBe('0');
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('a customer refund while the provider is down stays REFUND_PENDING, then completes on a retry', async () => {
    const o = remember(await paidAtGateway(d, layout.sessionId, ['2-1-1']));
    await applyPaymentResult(d, o.payment, o.result);
    await issueTickets(d, o.orderNumber);
    vi.spyOn(d.sandbox, 'refund').mockRejectedValueOnce(new Error('provider down'));
    expect((await refundOrder(d, o.user, o.orderNumber)).status).toBe('REFUND_PENDING');
    expect(await seatState('2-1-1')).toBe('2'); // seats stay sold until the money is back
    expect((await d.tickets.list(o.orderNumber))[0]?.status).toBe('VALID');
    d.setNow(d.clock.now() + 60_001);
    expect(await reconcilePayments(d)).toMatchObject({ refunded: 1 });
    expect((await d.orders.get(o.orderNumber))?.status).toBe('REFUNDED');
    expect((await d.tickets.list(o.orderNumber))[0]?.status).toBe('VOID');
    expect(await seatState('2-1-1')).toBe('0');
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('reconciler, notify and expiry racing on one order, 20 times: paid and sold, or closed and expired', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const seatId = `2-${Math.floor(trial / 8) + 1}-${(trial % 8) + 1}`;
      const o = remember(await orderWithPayment(d, layout.sessionId, [seatId]));
      d.setNow(o.expiresAtMs + 1_000);
      const buyerPays = trial % 2 === 0;
      await Promise.all([
        reconcilePayments(d),
        expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId }).catch(() => undefined),
        buyerPays
          ? d.sandbox
              .settle(o.payment.paymentId, 'SUCCESS', d.clock.now())
              .then((r) => (r?.status === 'SUCCESS' ? applyPaymentResult(d, o.payment, r) : undefined))
          : Promise.resolve(),
      ]);
      // The next runs settle whatever the race left open.
      d.setNow(d.clock.now() + 120_000);
      await reconcilePayments(d);
      await expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId }).catch(() => undefined);
      const order = (await d.orders.get(o.orderNumber))!;
      const payment = (await d.payments.get(o.payment.paymentId))!;
      if (order.status === 'PAID') {
        expect(payment.status).toBe('SUCCEEDED');
        expect(await seatState(seatId)).toBe('2');
      } else {
        expect(['EXPIRED', 'REFUNDED']).toContain(order.status);
        expect(['CLOSED', 'REFUNDED']).toContain(payment.status);
        expect(await seatState(seatId)).toBe('0');
      }
      if (!buyerPays) expect(order.status).toBe('EXPIRED');
    }
    expect(await moneyAccountedFor()).toEqual([]);
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
  });
});
