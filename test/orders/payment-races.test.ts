import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionLayout } from '#kernel/session-layout.ts';
import { expireHold } from '#shared/booking/expiry.ts';
import { cancelOrder } from '#shared/orders/order-changes.ts';
import { applyPaymentResult, paymentCheck } from '#shared/payments/payments.ts';
import { issueTickets } from '#shared/tickets/tickets.ts';
import { smallLayout } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';
import { paidAtGateway } from '../support/paid-orders.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

let layout: SessionLayout;
const seatState = (seatId: string) => {
  const [sec, row, col] = seatId.split('-').map(Number) as [number, number, number];
  const idx = (sec === 1 ? 0 : 20) + (row - 1) * (sec === 1 ? 10 : 8) + (col - 1);
  return d.inventory.seatStates(layout.sessionId).then((s) => s?.[idx]);
};

beforeEach(async () => {
  d.setNow(Date.now());
  layout = smallLayout();
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
});

describe('payment races', () => {
  it('ten identical callbacks at once: one PAID transition and one set of tickets', async () => {
    const p = await paidAtGateway(d, layout.sessionId, ['1-1-1', '1-1-2']);
    const before = d.events.published.length;
    await Promise.all(Array.from({ length: 10 }, () => applyPaymentResult(d, p.payment, p.result)));
    const order = await d.orders.get(p.orderNumber);
    expect(order).toMatchObject({ status: 'PAID', paymentId: p.payment.paymentId });
    expect((await d.payments.get(p.payment.paymentId))?.status).toBe('SUCCEEDED');
    expect(await seatState('1-1-1')).toBe('2');
    expect(await seatState('1-1-2')).toBe('2');
    // One OrderPaid, written with the one PAID transition (the outbox), none published beside it.
    expect(
      (await d.outbox()).filter((e) => e.type === 'OrderPaid' && e.detail.orderNumber === p.orderNumber),
    ).toHaveLength(1);
    expect(d.events.published.slice(before).filter((e) => e.type === 'OrderPaid')).toEqual([]);
    // The issuer runs once per OrderPaid delivery: all of them at once still make one set.
    const results = await Promise.all(Array.from({ length: 10 }, () => issueTickets(d, p.orderNumber)));
    expect(results.filter((r) => r === 'issued')).toHaveLength(1);
    const tickets = await d.tickets.list(p.orderNumber);
    expect(tickets.map((t) => t.seatId).sort()).toEqual(['1-1-1', '1-1-2']);
    expect(new Set(tickets.map((t) => t.ticketCode)).size).toBe(2);
    expect((await d.orders.get(p.orderNumber))?.status).toBe('TICKETED');
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
  });

  it('a callback racing the expiry ends paid-and-sold or expired-and-refunded, never paid-and-released', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = await paidAtGateway(d, layout.sessionId, [`2-${(i % 3) + 1}-${Math.floor(i / 3) + 1}`]);
      d.setNow(p.message.expiresAtMs + 1);
      await Promise.allSettled([
        applyPaymentResult(d, p.payment, p.result),
        expireHold(d, { sessionId: layout.sessionId, holdId: p.message.holdId }),
      ]);
      // Let whichever lost finish its follow-up (a repeated callback, a sweeper run).
      await applyPaymentResult(d, p.payment, p.result);
      const order = (await d.orders.get(p.orderNumber))!;
      const seat = await seatState(p.message.lines[0]!.seatId);
      const payment = (await d.payments.get(p.payment.paymentId))!;
      if (order.status === 'PAID') {
        expect(seat).toBe('2');
        expect(payment.status).toBe('SUCCEEDED');
      } else {
        expect(order.status).toBe('REFUNDED');
        expect(seat).toBe('0');
        expect(payment.status).toBe('REFUNDED');
        expect(await d.sandbox.refunded(p.payment.paymentId)).toBe(true);
      }
      outcomes.push(order.status);
      d.setNow(Date.now());
    }
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
    expect(outcomes.every((o) => o === 'PAID' || o === 'REFUNDED')).toBe(true);
  });

  it('a payment-check racing the callback makes one PAID order', async () => {
    const p = await paidAtGateway(d, layout.sessionId, ['1-2-4']);
    await Promise.all([
      applyPaymentResult(d, p.payment, p.result),
      paymentCheck(d, p.user, p.orderNumber),
      paymentCheck(d, p.user, p.orderNumber),
    ]);
    expect(await d.orders.get(p.orderNumber)).toMatchObject({
      status: 'PAID',
      paymentId: p.payment.paymentId,
    });
    expect(await seatState('1-2-4')).toBe('2');
  });

  it('a success that arrives after a cancel is refunded and the order ends REFUNDED', async () => {
    const p = await paidAtGateway(d, layout.sessionId, ['1-2-6']);
    await cancelOrder(d, p.user, p.orderNumber);
    expect(await seatState('1-2-6')).toBe('0');
    await applyPaymentResult(d, p.payment, p.result);
    expect((await d.orders.get(p.orderNumber))?.status).toBe('REFUNDED');
    expect((await d.payments.get(p.payment.paymentId))?.status).toBe('REFUNDED');
    expect(await seatState('1-2-6')).toBe('0');
    // Repeats stay put.
    await applyPaymentResult(d, p.payment, p.result);
    expect((await d.orders.get(p.orderNumber))?.status).toBe('REFUNDED');
  });

  it('a FAILED payment leaves the order payable; a later success pays it', async () => {
    const p = await paidAtGateway(d, layout.sessionId, ['1-2-8']);
    await applyPaymentResult(d, p.payment, { ...p.result, status: 'FAILED' });
    expect((await d.orders.get(p.orderNumber))?.status).toBe('PENDING_PAYMENT');
    expect((await d.payments.get(p.payment.paymentId))?.status).toBe('FAILED');
    await applyPaymentResult(d, p.payment, p.result);
    expect((await d.orders.get(p.orderNumber))?.status).toBe('PAID');
  });
});
