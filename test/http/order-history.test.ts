import { describe, expect, inject, it } from 'vitest';
import { adminToken, call, openSmallProgram, pollUntil, writtenOrder } from '../support/api.ts';

interface OrderBody {
  orderNumber: string;
  status: string;
  show: { programId: string; title: string; venue: string; city: string; startsAt: string } | null;
  history: { status: string; at: string; by: string }[];
}

const statuses = (o: OrderBody) => o.history.map((h) => `${h.status}:${h.by}`);

describe('orders and tickets carry their show; orders their history', () => {
  it('a paid order: show on the order, in the list and on each ticket; history PENDING → PENDING_PAYMENT → PAID → TICKETED', async () => {
    const { programId, sessionId } = await openSmallProgram();
    const { token, orderNumber } = await writtenOrder(sessionId, ['2-1-1', '2-1-2']);
    const show = {
      programId,
      title: '测试节目',
      venue: '测试剧场',
      city: '上海',
      startsAt: '2030-01-01T12:00:00.000Z',
    };
    const written = await call<OrderBody>('GET', `/v1/orders/${orderNumber}`, { token });
    expect(written.body.show).toEqual(show);
    expect(statuses(written.body)).toEqual(['PENDING:buyer', 'PENDING_PAYMENT:order-writer']);

    const payment = await call<{ paymentId: string }>('POST', `/v1/orders/${orderNumber}/payments`, {
      token,
      body: { channel: 'sandbox' },
      headers: { 'idempotency-key': `pay-${orderNumber}` },
    });
    expect(payment.status).toBe(201);
    await fetch(`${inject('apiUrl')}/sandbox/pay/${payment.body.paymentId}`, { method: 'POST' });
    const ticketed = await pollUntil<OrderBody>(token, orderNumber, 'TICKETED');
    expect(statuses(ticketed)).toEqual([
      'PENDING:buyer',
      'PENDING_PAYMENT:order-writer',
      'PAID:payment',
      'TICKETED:ticket-issuer',
    ]);
    const times = ticketed.history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const list = await call<{ items: OrderBody[] }>('GET', '/v1/orders', { token });
    expect(list.body.items.find((o) => o.orderNumber === orderNumber)?.show).toEqual(show);
    const tickets = await call<{ items: { show: OrderBody['show'] }[] }>(
      'GET',
      `/v1/orders/${orderNumber}/tickets`,
      {
        token,
      },
    );
    expect(tickets.body.items).toHaveLength(2);
    for (const t of tickets.body.items) expect(t.show).toEqual(show);
  });

  it('a cancelled order says who cancelled it; an edited program shows its new title', async () => {
    const { programId, sessionId } = await openSmallProgram();
    const { token, orderNumber } = await writtenOrder(sessionId, ['2-2-1']);
    expect((await call('POST', `/v1/orders/${orderNumber}/cancel`, { token })).status).toBe(200);
    const title = `改名${Date.now()}`;
    await call('PATCH', `/v1/admin/programs/${programId}`, { token: await adminToken(), body: { title } });
    const cancelled = await call<OrderBody>('GET', `/v1/orders/${orderNumber}`, { token });
    expect(statuses(cancelled.body)).toEqual([
      'PENDING:buyer',
      'PENDING_PAYMENT:order-writer',
      'CANCELLED:buyer',
    ]);
    expect(cancelled.body.show?.title).toBe(title);
  });
});
