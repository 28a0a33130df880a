import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import type { SessionLayout } from '#kernel/session-layout.ts';
import { ERROR_STATUS } from '#platform/http/error-status.ts';
import { expireHold } from '#shared/booking/expiry.ts';
import { cancelOrder, refundOrder } from '#shared/orders/order-changes.ts';
import { handleAlipayNotify } from '#shared/payments/alipay/alipay-notify.ts';
import { reconcilePayments } from '#shared/payments/reconcile-payments.ts';
import { issueTickets } from '#shared/tickets/tickets.ts';
import { type AlipayStandIn, startAlipayStandIn } from '../../infra/local/alipay-stand-in.ts';
import { createTable } from '../../infra/local/dynamodb-local.ts';
import { smallLayout } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';
import { moneyAccountedFor as accountedFor } from '../support/money.ts';
import { orderWithPayment } from '../support/paid-orders.ts';
import { realDeps } from '../support/real-deps.ts';

/**
 * Seed 002 §15 drills 2–3 through the real `alipay-sdk` code path: the product's Alipay
 * adapter talks RSA2-signed OpenAPI to the Alipay-protocol stand-in, whose notifies are handed
 * to the notify use case. Alipay's clock is the test's clock. The reconciler sweeps its whole
 * table, so this file has a table of its own.
 */
const table = `alipay-${randomBytes(4).toString('hex')}`;
let d: ReturnType<typeof realDeps>;
let alipay: AlipayStandIn;
let layout: SessionLayout;
const payments: string[] = [];

/** The notify endpoint's answer, as Alipay would read it: `success`, or the error's status. */
async function notifyEndpoint(form: string): Promise<{ status: number; body: string }> {
  try {
    return { status: 200, body: await handleAlipayNotify(d, form) };
  } catch (error) {
    if (error instanceof DomainError) return { status: ERROR_STATUS[error.code], body: error.code };
    throw error;
  }
}

beforeAll(async () => {
  alipay = await startAlipayStandIn({
    now: () => d.clock.now(),
    deliver: (_url, form) => notifyEndpoint(form),
  });
  d = realDeps({ table, alipay });
  await createTable(inject('apiDynamoDbUrl'), table);
});
afterAll(async () => {
  await d.close();
  await alipay.stop();
});

beforeEach(async () => {
  alipay.setDown(false);
  d.setNow(Date.now());
  layout = smallLayout({ startsAt: new Date(Date.now() + 24 * 3_600_000).toISOString() });
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
});

const seatState = async (seatId: string) => {
  const ref = (await d.inventory.geometry(layout.sessionId))!.parseSeatId(seatId)!;
  return (await d.inventory.seatStates(layout.sessionId))?.[ref.seatIdx];
};

/** An Alipay order whose cashier link the buyer opened (Alipay creates the trade then). */
async function alipayOrder(seatId: string) {
  const o = await orderWithPayment(d, layout.sessionId, [seatId], 'alipay');
  payments.push(o.payment.paymentId);
  const page = await fetch(o.payUrl);
  expect(page.status).toBe(200);
  return o;
}

/** The money invariant over the stand-in's books (test/support/money.ts). */
const moneyAccountedFor = () =>
  accountedFor(d, payments, async (id) => {
    const t = alipay.trades.get(id);
    return { taken: t?.paidMs !== undefined, refunded: !!t && t.refundedCents === t.totalCents };
  });

const statuses = async (o: { orderNumber: string; payment: { paymentId: string } }) => ({
  order: (await d.orders.get(o.orderNumber))?.status,
  payment: (await d.payments.get(o.payment.paymentId))?.status,
});

describe('Alipay: pay links, notifies, query, refund and close through alipay-sdk', () => {
  it('the pay link is a signed wap.pay (page.pay for pc) whose trade carries the amount in yuan and the order end', async () => {
    const o = await alipayOrder('1-1-1');
    const url = new URL(o.payUrl);
    expect(url.searchParams.get('method')).toBe('alipay.trade.wap.pay');
    expect(url.searchParams.get('sign_type')).toBe('RSA2');
    const trade = alipay.trades.get(o.payment.paymentId)!;
    expect(trade.totalCents).toBe(o.payment.amountCents);
    expect(trade.timeExpireMs).toBe(Math.floor(o.expiresAtMs / 1000) * 1000);
    expect(trade.notifyUrl).toMatch(/\/v1\/payments\/alipay\/notify$/);
    // A link whose signature was tampered with is refused by "Alipay".
    const tampered = new URL(o.payUrl);
    tampered.searchParams.set(
      'biz_content',
      tampered.searchParams.get('biz_content')!.replace(/"total_amount":"[\d.]+"/, '"total_amount":"0.01"'),
    );
    expect((await fetch(tampered)).status).toBe(400);
  });

  it('pays through the cashier: the verified notify pays the order; a repeated notify changes nothing', async () => {
    const o = await alipayOrder('1-1-2');
    const paid = await alipay.pay(o.payment.paymentId, 'repeat');
    expect(paid.deliveries.map((x) => [x.status, x.body])).toEqual([
      [200, 'success'],
      [200, 'success'],
    ]);
    expect(await statuses(o)).toEqual({ order: 'PAID', payment: 'SUCCEEDED' });
    expect((await d.orders.get(o.orderNumber))?.paidAt).toBe(
      new Date(alipay.trades.get(o.payment.paymentId)!.paidMs!).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
    );
    expect(await seatState('1-1-2')).toBe('2');
    expect(alipay.trades.get(o.payment.paymentId)!.refundedCents).toBe(0);
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('lost notify: the reconciler asks alipay.trade.query 30 s after the payment started and pays the order', async () => {
    const o = await alipayOrder('1-1-3');
    expect((await alipay.pay(o.payment.paymentId, 'lose')).deliveries).toEqual([]);
    expect((await statuses(o)).order).toBe('PENDING_PAYMENT');
    d.setNow(Date.parse((await d.payments.get(o.payment.paymentId))!.createdAt) + 30_000);
    expect(await reconcilePayments(d)).toMatchObject({ recovered: 1, providerErrors: 0 });
    expect(await statuses(o)).toEqual({ order: 'PAID', payment: 'SUCCEEDED' });
    expect(await seatState('1-1-3')).toBe('2');
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('never paid: alipay.trade.close at the order end, the order expires, and the cashier then refuses to take money', async () => {
    const o = await alipayOrder('1-1-4');
    d.setNow(o.expiresAtMs - 1_000); // the trade is still open at Alipay
    await reconcilePayments(d); // still payable: asked again later
    expect(alipay.trades.get(o.payment.paymentId)!.status).not.toBe('TRADE_CLOSED');
    d.setNow(o.expiresAtMs + 1_000);
    // This order's trade, and the first test's unpaid one too when it was made less than a
    // second before this one (their ends are that close: a fast machine does it).
    expect((await reconcilePayments(d)).closed).toBeGreaterThanOrEqual(1);
    expect(alipay.trades.get(o.payment.paymentId)!.status).toBe('TRADE_CLOSED');
    await expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId });
    expect(await statuses(o)).toEqual({ order: 'EXPIRED', payment: 'CLOSED' });
    expect(await seatState('1-1-4')).toBe('0');
    expect(await alipay.pay(o.payment.paymentId)).toMatchObject({ ok: false });
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('cancelled before payment: alipay.trade.close at once, so the cashier link stops taking money', async () => {
    const o = await alipayOrder('1-1-6');
    expect((await cancelOrder(d, o.user, o.orderNumber)).status).toBe('CANCELLED');
    expect(alipay.trades.get(o.payment.paymentId)!.status).toBe('TRADE_CLOSED');
    expect(await statuses(o)).toEqual({ order: 'CANCELLED', payment: 'CLOSED' });
    expect(await alipay.pay(o.payment.paymentId)).toMatchObject({ ok: false });
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('Alipay not configured: the buyer gets 503 with retry-after, nothing is written', async () => {
    const bare = realDeps({ table });
    try {
      const o = orderWithPayment(bare, layout.sessionId, ['1-2-1'], 'alipay');
      await expect(o).rejects.toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 300 });
    } finally {
      await bare.close();
    }
  });

  it('notify after expiry (Alipay down past the grace at expiry): the order expires, the late notify is refunded by alipay.trade.refund', async () => {
    const o = await alipayOrder('1-1-5');
    await alipay.pay(o.payment.paymentId, 'hold'); // paid; the notify is delayed
    alipay.setDown(true);
    d.setNow(o.expiresAtMs + 1_000);
    // Within the grace, a provider that does not answer delays the expiry (the release retries).
    await expect(expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId })).rejects.toThrow();
    expect((await statuses(o)).order).toBe('PENDING_PAYMENT');
    d.setNow(o.expiresAtMs + 6 * 60_000);
    await expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId });
    expect((await statuses(o)).order).toBe('EXPIRED');
    expect(await seatState('1-1-5')).toBe('0');
    alipay.setDown(false);
    expect((await alipay.releaseHeld()).map((x) => x.body)).toEqual(['success']);
    expect(await statuses(o)).toEqual({ order: 'REFUNDED', payment: 'REFUNDED' });
    const trade = alipay.trades.get(o.payment.paymentId)!;
    expect([trade.refunds.size, trade.refundedCents]).toEqual([1, trade.totalCents]);
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('a customer refund while Alipay is down stays REFUND_PENDING, is retried with backoff, and refunds once (out_request_no)', async () => {
    const o = await alipayOrder('2-1-1');
    await alipay.pay(o.payment.paymentId);
    await issueTickets(d, o.orderNumber);
    alipay.setDown(true);
    expect((await refundOrder(d, o.user, o.orderNumber)).status).toBe('REFUND_PENDING');
    expect(await seatState('2-1-1')).toBe('2');
    expect(await reconcilePayments(d)).toMatchObject({ refunded: 0, refundsPending: 1 });
    alipay.setDown(false);
    d.setNow(d.clock.now() + 60_001);
    expect(await reconcilePayments(d)).toMatchObject({ refunded: 1, refundsPending: 0 });
    expect(await statuses(o)).toEqual({ order: 'REFUNDED', payment: 'REFUNDED' });
    expect((await d.tickets.list(o.orderNumber))[0]?.status).toBe('VOID');
    // The same refund asked again (a retry whose answer was lost) moves no money twice.
    const provider = d.paymentProviders.get('alipay')!;
    const again = { ...o.payment, reason: 'retry' };
    expect(await provider.refund(again)).toEqual({ refunded: true });
    const trade = alipay.trades.get(o.payment.paymentId)!;
    expect([trade.refunds.size, trade.refundedCents]).toEqual([1, trade.totalCents]);
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('refuses forged, foreign, altered and mismatched notifies with the API error, changing nothing', async () => {
    const o = await alipayOrder('2-1-2');
    await alipay.pay(o.payment.paymentId, 'lose'); // paid; its genuine notify comes last
    const trade = alipay.trades.get(o.payment.paymentId)!;
    const genuine = Object.fromEntries(new URLSearchParams(alipay.signedNotify(successFields(trade))));
    const forgeKey = (await import('node:crypto'))
      .generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const cases: [string, string, number][] = [
      ['signed by another key', alipay.signedNotify(successFields(trade), forgeKey), 401],
      ['altered after signing', new URLSearchParams({ ...genuine, total_amount: '0.01' }).toString(), 401],
      ['unsigned', new URLSearchParams({ ...genuine, sign: '' }).toString(), 401],
      ['another app', alipay.signedNotify({ ...successFields(trade), app_id: '2021000000000001' }), 400],
      [
        'another seller',
        alipay.signedNotify({ ...successFields(trade), seller_id: '2088000000000001' }),
        400,
      ],
      ['another amount', alipay.signedNotify({ ...successFields(trade), total_amount: '0.01' }), 400],
      [
        'an unknown trade',
        alipay.signedNotify({ ...successFields(trade), out_trade_no: 'pay-unknown' }),
        404,
      ],
      ['not a form', 'garbage', 401],
    ];
    for (const [what, form, status] of cases) {
      expect({ what, ...(await notifyEndpoint(form)) }).toMatchObject({ what, status });
    }
    expect(await statuses(o)).toEqual({ order: 'PENDING_PAYMENT', payment: 'CREATED' });
    // The genuine one still pays.
    expect(await notifyEndpoint(alipay.signedNotify(successFields(trade)))).toEqual({
      status: 200,
      body: 'success',
    });
    expect(await statuses(o)).toEqual({ order: 'PAID', payment: 'SUCCEEDED' });
    expect(await moneyAccountedFor()).toEqual([]);
  });

  it('reconciler, notify and expiry racing on one Alipay order, 12 times: paid and sold, or closed and expired', async () => {
    for (let trial = 0; trial < 12; trial++) {
      const seatId = `2-${Math.floor(trial / 8) + 2}-${(trial % 8) + 1}`;
      const o = await alipayOrder(seatId);
      const buyerPays = trial % 2 === 0;
      if (buyerPays) await alipay.pay(o.payment.paymentId, 'hold');
      d.setNow(o.expiresAtMs + 1_000);
      await Promise.all([
        reconcilePayments(d),
        expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId }).catch(() => undefined),
        alipay.releaseHeld(),
      ]);
      d.setNow(d.clock.now() + 120_000);
      await reconcilePayments(d);
      await expireHold(d, { sessionId: layout.sessionId, holdId: o.message.holdId }).catch(() => undefined);
      const s = await statuses(o);
      if (buyerPays) {
        // Paid before the end: the order is paid, whichever of the three saw it first.
        expect(s).toEqual({ order: 'PAID', payment: 'SUCCEEDED' });
        expect(await seatState(seatId)).toBe('2');
      } else {
        expect(s).toEqual({ order: 'EXPIRED', payment: 'CLOSED' });
        expect(await seatState(seatId)).toBe('0');
      }
    }
    expect(await moneyAccountedFor()).toEqual([]);
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
  });
});

/** A TRADE_SUCCESS notify's fields for this trade, as Alipay sends them (before signing). */
function successFields(t: {
  outTradeNo: string;
  tradeNo: string;
  totalCents: number;
}): Record<string, string> {
  const yuan = (t.totalCents / 100).toFixed(2);
  return {
    notify_time: '2026-11-22 16:00:00',
    notify_type: 'trade_status_sync',
    notify_id: randomBytes(8).toString('hex'),
    app_id: alipay.credentials.appId,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    trade_no: t.tradeNo,
    out_trade_no: t.outTradeNo,
    trade_status: 'TRADE_SUCCESS',
    total_amount: yuan,
    gmt_payment: '2026-11-22 16:00:00',
    seller_id: alipay.credentials.sellerId,
  };
}
