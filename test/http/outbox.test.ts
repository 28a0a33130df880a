import { describe, expect, inject, it } from 'vitest';
import { call, openSmallProgram, pollUntil, writtenOrder } from '../support/api.ts';

interface Order {
  orderNumber: string;
  status: string;
  history: { status: string; by: string }[];
}

const busDown = (down: boolean) =>
  fetch(`${inject('apiUrl')}/sandbox/faults/event-bus?down=${down ? 1 : 0}`, { method: 'POST' });

const outbox = async (to: string) =>
  (
    (await (await fetch(`${inject('apiUrl')}/sandbox/outbox?to=${to}`)).json()) as {
      items: { template: string; data: Record<string, unknown> }[];
    }
  ).items;

describe('the transactional outbox (OrderPaid written with the payment, relayed from the stream)', () => {
  it('issues the tickets of an order paid while the event bus refused everything, once the bus is back, exactly once', async () => {
    const { sessionId } = await openSmallProgram({
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const o = await writtenOrder(sessionId, ['2-1-1', '2-1-2']);
    const payment = await call<{ paymentId: string }>('POST', `/v1/orders/${o.orderNumber}/payments`, {
      token: o.token,
      body: { channel: 'sandbox' },
      headers: { 'idempotency-key': `outbox-${o.orderNumber}` },
    });
    expect((await busDown(true)).status).toBe(200);
    try {
      // The payment lands: the order is PAID and its OrderPaid is in the outbox, but the relay's
      // puts are refused, so nothing issues tickets.
      await fetch(`${inject('apiUrl')}/sandbox/pay/${payment.body.paymentId}`, { method: 'POST' });
      await pollUntil(o.token, o.orderNumber, 'PAID');
      await new Promise((r) => setTimeout(r, 3_000));
      const waiting = await call<Order>('GET', `/v1/orders/${o.orderNumber}`, { token: o.token });
      expect(waiting.body.status).toBe('PAID');
    } finally {
      await busDown(false);
    }
    // Back: the relay delivers it again (its backoff is at most a few seconds here).
    let order = (await call<Order>('GET', `/v1/orders/${o.orderNumber}`, { token: o.token })).body;
    for (const deadline = Date.now() + 30_000; order.status !== 'TICKETED' && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
      order = (await call<Order>('GET', `/v1/orders/${o.orderNumber}`, { token: o.token })).body;
    }
    expect(order.status).toBe('TICKETED');
    const tickets = await call<{ items: { seatId: string }[] }>(
      'GET',
      `/v1/orders/${o.orderNumber}/tickets`,
      {
        token: o.token,
      },
    );
    expect(tickets.body.items.map((t) => t.seatId).sort()).toEqual(['2-1-1', '2-1-2']);
    // Once: one TICKETED move, and the buyer told once.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(order.history.filter((h) => h.status === 'TICKETED')).toHaveLength(1);
    expect((await outbox(o.mobile)).filter((m) => m.template === 'TICKETS_ISSUED')).toHaveLength(1);
  }, 60_000);
});
