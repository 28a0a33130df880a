import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addBuyers,
  call,
  newUser,
  openSmallProgram,
  openSmallSession,
  pollUntil,
  staffToken,
  stats,
  writtenOrder,
} from '../support/api.ts';

interface Order {
  orderNumber: string;
  status: string;
  amountCents: number;
}
interface Ticket {
  ticketCode: string;
  seatId: string;
  qrPayload: string;
  qrSvg: string;
  status: string;
  buyer: { name: string; idNumber: string };
}

let sessionId: string;
let programId: string;
beforeAll(async () => {
  // Starts in an hour: its gates are open (from 4 h before) and refunds still allowed.
  ({ sessionId, programId } = await openSmallProgram({
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
  }));
});

/** A logged-in buyer with a written (PENDING_PAYMENT) order for these seats. */
const unpaidOrder = (seatIds: string[], sid = sessionId) => writtenOrder(sid, seatIds);

/** The local SNS stand-in: waits (events are asynchronous) until `to` was sent `template`. */
async function outboxUntil(to: string, template: string) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${inject('apiUrl')}/sandbox/outbox?to=${to}`);
    const body = (await res.json()) as {
      items: { template: string; channel: string; data: Record<string, unknown> }[];
    };
    const found = body.items.find((m) => m.template === template);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${to} was never sent ${template}`);
}

async function startPayment(token: string, orderNumber: string, key = `pay-${orderNumber}`) {
  return call<{ paymentId: string; amountCents: number; payUrl: string }>(
    'POST',
    `/v1/orders/${orderNumber}/payments`,
    {
      token,
      body: { channel: 'sandbox' },
      headers: { 'idempotency-key': key },
    },
  );
}

const pay = (paymentId: string, query = '') =>
  fetch(`${inject('apiUrl')}/sandbox/pay/${paymentId}${query}`, { method: 'POST' }).then((r) => r.json());

const sign = (body: string) => createHmac('sha256', inject('paymentSecret')).update(body).digest('hex');
const callback = (body: string, signature: string) =>
  call('POST', '/v1/payments/callback', { raw: body, headers: { 'x-signature': signature } });

describe('booking end to end over HTTP', () => {
  it('browse → hold → order → poll → pay → callback → tickets → check-in', async () => {
    const u = await newUser();
    const program = await call<{ sessions: { sessionId: string; status: string }[] }>(
      'GET',
      `/v1/programs/${programId}`,
      { token: u.token },
    );
    expect(program.body.sessions).toEqual([expect.objectContaining({ sessionId, status: 'ON_SALE' })]);
    const map = await call<{ seats: { statuses: string } }>('GET', `/v1/sessions/${sessionId}/seats`);
    expect(map.body.seats.statuses[2]).toBe('0'); // 1-1-3 is free before the hold
    const buyers = await addBuyers(u.token, 2);
    const hold = await call<{ holdId: string }>('POST', `/v1/sessions/${sessionId}/holds`, {
      token: u.token,
      body: { seatIds: ['1-1-3', '1-1-4'], buyerIds: buyers, expectedTotalCents: 20_000 },
    });
    expect(hold.status).toBe(201);
    const placed = await call<Order>('POST', '/v1/orders', {
      token: u.token,
      body: { holdId: hold.body.holdId },
      headers: { 'idempotency-key': 'e2e' },
    });
    expect(placed.body.status).toBe('PENDING');
    const written = await pollUntil<Order>(u.token, placed.body.orderNumber, 'PENDING_PAYMENT');
    expect(written).toMatchObject({ status: 'PENDING_PAYMENT', amountCents: 20_000 });

    const payment = await startPayment(u.token, placed.body.orderNumber);
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({
      amountCents: 20_000,
      channel: 'sandbox',
      payUrl: expect.stringContaining('/sandbox/pay/'),
    });
    expect((await startPayment(u.token, placed.body.orderNumber)).body).toEqual(payment.body); // same key: same payment
    expect(await pay(payment.body.paymentId)).toMatchObject({ status: 'SUCCESS', callbackStatus: 200 });

    const ticketed = await pollUntil<Order>(u.token, placed.body.orderNumber, 'TICKETED');
    expect(ticketed.status).toBe('TICKETED');
    // The buyer is told by SMS (the local outbox stands in for SNS).
    expect(await outboxUntil(u.mobile, 'TICKETS_ISSUED')).toMatchObject({
      channel: 'sms',
      data: { orderNumber: placed.body.orderNumber, tickets: 2 },
    });
    for (const bad of ['', '?to=', '?to=%3Cscript%3E']) {
      const res = await fetch(`${inject('apiUrl')}/sandbox/outbox${bad}`);
      expect(res.status, bad).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const tickets = await call<{ items: Ticket[] }>('GET', `/v1/orders/${placed.body.orderNumber}/tickets`, {
      token: u.token,
    });
    expect(tickets.body.items.map((t) => t.seatId).sort()).toEqual(['1-1-3', '1-1-4']);
    for (const t of tickets.body.items) {
      expect(t.status).toBe('VALID');
      expect(t.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(t.buyer.name).toMatch(/^.\*+$/);
      expect(t.buyer.idNumber).toMatch(/^\d{4}\*+\w{4}$/);
    }
    const other = await newUser();
    expect(
      (await call('GET', `/v1/orders/${placed.body.orderNumber}/tickets`, { token: other.token })).status,
    ).toBe(404);

    const staff = await staffToken();
    const qr = tickets.body.items[0]!.qrPayload;
    expect(
      (await call('POST', '/v1/tickets/check-in', { token: u.token, body: { qrPayload: qr, sessionId } }))
        .status,
    ).toBe(403);
    // The gate of another session refuses it, changing nothing.
    const elsewhere = await openSmallSession();
    const wrong = await call('POST', '/v1/tickets/check-in', {
      token: staff,
      body: { qrPayload: qr, sessionId: elsewhere },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({
      error: { code: 'WRONG_SESSION', details: { ticketSessionId: sessionId } },
    });
    expect(
      (await call('POST', '/v1/tickets/check-in', { token: staff, body: { qrPayload: qr } })).status,
    ).toBe(400); // the gate's session is required
    const first = await call('POST', '/v1/tickets/check-in', {
      token: staff,
      body: { qrPayload: qr, sessionId },
    });
    expect(first.body).toMatchObject({ ticketCode: tickets.body.items[0]!.ticketCode, status: 'USED' });
    const second = await call('POST', '/v1/tickets/check-in', {
      token: staff,
      body: { qrPayload: qr, sessionId },
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'ALREADY_USED' } });
    // Altered: another seat in the claims, the old signature.
    const [claims, sig] = qr.split('.') as [string, string];
    const altered = Buffer.from(
      Buffer.from(claims, 'base64url').toString().replace('1-1-3', '1-1-5').replace('1-1-4', '1-1-5'),
    ).toString('base64url');
    // A signature with one bit flipped (always a different signature, unlike editing the text).
    const flipped = Buffer.from(sig, 'base64url');
    flipped[10] = flipped[10]! ^ 0x01;
    for (const bad of [`${altered}.${sig}`, `${claims}.${flipped.toString('base64url')}`, 'not-a-ticket']) {
      const res = await call('POST', '/v1/tickets/check-in', {
        token: staff,
        body: { qrPayload: bad, sessionId },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'INVALID_TICKET' } });
    }
    // A used ticket's order can no longer be refunded.
    const refund = await call('POST', `/v1/orders/${placed.body.orderNumber}/refund`, {
      token: u.token,
      body: {},
    });
    expect(refund.status).toBe(409);
    expect(refund.body).toMatchObject({
      error: { code: 'INVALID_STATE', details: { reason: 'TICKET_USED' } },
    });
  });

  it('refuses a callback with a bad signature or a wrong amount, changing nothing; repeats are 200 no-ops', async () => {
    const o = await unpaidOrder(['2-2-1']);
    const { paymentId } = (await startPayment(o.token, o.orderNumber)).body;
    const good = JSON.stringify({
      paymentId,
      orderNumber: o.orderNumber,
      amountCents: 5_000,
      status: 'SUCCESS',
      paidAt: new Date().toISOString(),
    });
    expect((await callback(good, sign(`${good} `))).status).toBe(401);
    expect((await callback(good, 'f'.repeat(64))).status).toBe(401);
    expect((await call('POST', '/v1/payments/callback', { raw: good })).status).toBe(401);
    const wrongAmount = JSON.stringify({
      paymentId,
      orderNumber: o.orderNumber,
      amountCents: 1,
      status: 'SUCCESS',
    });
    expect((await callback(wrongAmount, sign(wrongAmount))).status).toBe(400);
    const unknown = JSON.stringify({
      paymentId: 'paynosuch',
      orderNumber: o.orderNumber,
      amountCents: 5_000,
      status: 'SUCCESS',
    });
    expect((await callback(unknown, sign(unknown))).status).toBe(404);
    expect((await callback('{', sign('{'))).status).toBe(400);
    expect((await call<Order>('GET', `/v1/orders/${o.orderNumber}`, { token: o.token })).body.status).toBe(
      'PENDING_PAYMENT',
    );
    expect((await callback(good, sign(good))).body).toEqual({ ok: true });
    expect((await callback(good, sign(good))).body).toEqual({ ok: true });
    expect((await pollUntil<Order>(o.token, o.orderNumber, 'TICKETED')).status).toBe('TICKETED');
  });

  it('recovers a lost callback with payment-check', async () => {
    const o = await unpaidOrder(['2-2-3']);
    const { paymentId } = (await startPayment(o.token, o.orderNumber)).body;
    expect(await pay(paymentId, '?callback=0')).toMatchObject({ callbackStatus: null });
    expect((await call<Order>('GET', `/v1/orders/${o.orderNumber}`, { token: o.token })).body.status).toBe(
      'PENDING_PAYMENT',
    );
    const checked = await call<Order>('POST', `/v1/orders/${o.orderNumber}/payment-check`, {
      token: o.token,
    });
    expect(['PAID', 'TICKETED']).toContain(checked.body.status);
  });

  it('tickets a paid order whose callback was lost within 90 s, with nobody asking (the reconciler)', async () => {
    const o = await unpaidOrder(['2-2-4']);
    const started = Date.now();
    const { paymentId } = (await startPayment(o.token, o.orderNumber)).body;
    expect(await pay(paymentId, '?callback=0')).toMatchObject({ callbackStatus: null });
    // The buyer closed the app: no payment-check, no callback. Only reads from here on.
    type Read = Order & { expiresAt: string };
    let order = (await call<Read>('GET', `/v1/orders/${o.orderNumber}`, { token: o.token })).body;
    while (order.status !== 'TICKETED' && Date.now() - started < 90_000) {
      await new Promise((r) => setTimeout(r, 1_000));
      order = (await call<Read>('GET', `/v1/orders/${o.orderNumber}`, { token: o.token })).body;
    }
    expect(order.status).toBe('TICKETED');
    // The hold lives 10 minutes here: the order was far from its end when it was recovered.
    expect(Date.parse(order.expiresAt) - Date.now()).toBeGreaterThan(400_000);
  }, 100_000);

  it('cancels an unpaid order: seats back on sale; a later payment attempt is refused', async () => {
    const before = await stats(sessionId);
    const o = await unpaidOrder(['2-2-5', '2-2-6']);
    expect((await stats(sessionId)).held).toBe(before.held + 2);
    const res = await call<Order>('POST', `/v1/orders/${o.orderNumber}/cancel`, { token: o.token });
    expect(res.body.status).toBe('CANCELLED');
    expect(await stats(sessionId)).toEqual(before);
    const again = await call('POST', `/v1/orders/${o.orderNumber}/cancel`, { token: o.token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'INVALID_STATE', details: { status: 'CANCELLED' } } });
    expect((await startPayment(o.token, o.orderNumber)).status).toBe(409);
  });

  it('refunds a paid order before the show: tickets void, seats back on sale', async () => {
    const before = await stats(sessionId);
    const o = await unpaidOrder(['2-3-3']);
    const { paymentId } = (await startPayment(o.token, o.orderNumber)).body;
    await pay(paymentId);
    await pollUntil<Order>(o.token, o.orderNumber, 'TICKETED');
    expect((await stats(sessionId)).sold).toBe(before.sold + 1);
    const res = await call<Order>('POST', `/v1/orders/${o.orderNumber}/refund`, {
      token: o.token,
      body: { reason: 'cannot come' },
    });
    expect(res.body.status).toBe('REFUNDED');
    expect(await stats(sessionId)).toEqual(before);
    expect(await outboxUntil(o.mobile, 'REFUND_COMPLETED')).toMatchObject({
      data: { orderNumber: o.orderNumber, amountCents: 5_000 },
    });
    const tickets = await call<{ items: Ticket[] }>('GET', `/v1/orders/${o.orderNumber}/tickets`, {
      token: o.token,
    });
    expect(tickets.body.items.map((t) => t.status)).toEqual(['VOID']);
    const staff = await staffToken();
    const voided = await call('POST', '/v1/tickets/check-in', {
      token: staff,
      body: { qrPayload: tickets.body.items[0]!.qrPayload, sessionId },
    });
    expect(voided.status).toBe(409);
    expect(voided.body).toMatchObject({ error: { code: 'INVALID_STATE', details: { status: 'VOID' } } });
    expect(
      (await call<Order>('POST', `/v1/orders/${o.orderNumber}/refund`, { token: o.token })).body.status,
    ).toBe('REFUNDED');
  });

  it('refuses to refund once the show has started', async () => {
    // The show started a minute ago; its sale was left open past the start (allowed).
    const started = await openSmallSession({
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      saleClosesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const o = await unpaidOrder(['1-2-2'], started);
    const { paymentId } = (await startPayment(o.token, o.orderNumber)).body;
    await pay(paymentId);
    await pollUntil<Order>(o.token, o.orderNumber, 'TICKETED');
    const res = await call('POST', `/v1/orders/${o.orderNumber}/refund`, { token: o.token });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { details: { reason: 'SESSION_STARTED' } } });
  });

  it("refuses a valid ticket outside its session's check-in window", async () => {
    const later = await openSmallSession(); // starts in 2030
    const o = await unpaidOrder(['1-1-1'], later);
    const { paymentId } = (await startPayment(o.token, o.orderNumber)).body;
    await pay(paymentId);
    await pollUntil<Order>(o.token, o.orderNumber, 'TICKETED');
    const tickets = await call<{ items: Ticket[] }>('GET', `/v1/orders/${o.orderNumber}/tickets`, {
      token: o.token,
    });
    const res = await call('POST', '/v1/tickets/check-in', {
      token: await staffToken(),
      body: { qrPayload: tickets.body.items[0]!.qrPayload, sessionId: later },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: { code: 'OUTSIDE_CHECK_IN_WINDOW', details: { opensAt: '2030-01-01T08:00:00.000Z' } },
    });
    const after = await call<{ items: Ticket[] }>('GET', `/v1/orders/${o.orderNumber}/tickets`, {
      token: o.token,
    });
    expect(after.body.items[0]!.status).toBe('VALID');
  });
});
