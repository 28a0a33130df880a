import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, openSmallProgram, pollUntil, writtenOrder } from '../support/api.ts';

/**
 * Alipay end to end on the local runtime: the API's Alipay adapter (alipay-sdk) against the
 * runtime's Alipay-protocol stand-in, whose cashier posts the RSA2-signed notify back to
 * `POST /v1/payments/alipay/notify` over HTTP.
 */
let sessionId: string;
beforeAll(async () => {
  ({ sessionId } = await openSmallProgram({ startsAt: new Date(Date.now() + 3_600_000).toISOString() }));
});

const standIn = () => new URL(inject('apiAlipayUrl')).origin;

async function startAlipay(token: string, orderNumber: string, body: Record<string, unknown>) {
  return call<{ paymentId: string; amountCents: number; channel: string; payUrl: string }>(
    'POST',
    `/v1/orders/${orderNumber}/payments`,
    { token, body, headers: { 'idempotency-key': `alipay-${orderNumber}-${JSON.stringify(body)}` } },
  );
}

const notify = (raw: string, contentType = 'application/x-www-form-urlencoded') =>
  call('POST', '/v1/payments/alipay/notify', { raw, headers: { 'content-type': contentType } });

describe('Alipay on the local runtime', () => {
  it('a buyer pays at the cashier; the signed notify over HTTP pays the order and tickets are issued', async () => {
    const o = await writtenOrder(sessionId, ['1-1-1', '1-1-2']);
    const started = await startAlipay(o.token, o.orderNumber, { channel: 'alipay', device: 'pc' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ channel: 'alipay', amountCents: 20_000 });
    const payUrl = new URL(started.body.payUrl);
    expect(payUrl.origin).toBe(standIn());
    expect(payUrl.searchParams.get('method')).toBe('alipay.trade.page.pay');
    expect(JSON.parse(payUrl.searchParams.get('biz_content')!)).toMatchObject({
      out_trade_no: started.body.paymentId,
      total_amount: '200.00',
      product_code: 'FAST_INSTANT_TRADE_PAY',
    });

    const cashier = await fetch(payUrl);
    expect(cashier.status).toBe(200);
    expect(await cashier.text()).toContain('¥200.00');
    const paid = await fetch(`${standIn()}/cashier/${started.body.paymentId}/pay`, { method: 'POST' });
    expect(await paid.json()).toMatchObject({ ok: true, deliveries: [{ status: 200, body: 'success' }] });

    expect((await pollUntil(o.token, o.orderNumber, 'TICKETED')).status).toBe('TICKETED');
    const tickets = await call<{ items: { status: string }[] }>(
      'GET',
      `/v1/orders/${o.orderNumber}/tickets`,
      {
        token: o.token,
      },
    );
    expect(tickets.body.items.map((t) => t.status)).toEqual(['VALID', 'VALID']);
  });

  it('the phone cashier by default; a lost notify is recovered by payment-check through alipay.trade.query', async () => {
    const o = await writtenOrder(sessionId, ['1-1-3']);
    const started = await startAlipay(o.token, o.orderNumber, { channel: 'alipay' });
    expect(new URL(started.body.payUrl).searchParams.get('method')).toBe('alipay.trade.wap.pay');
    await fetch(started.body.payUrl);
    const paid = await fetch(`${standIn()}/cashier/${started.body.paymentId}/pay?notify=lose`, {
      method: 'POST',
    });
    expect(await paid.json()).toMatchObject({ ok: true, deliveries: [] });
    expect((await call('GET', `/v1/orders/${o.orderNumber}`, { token: o.token })).body.status).toBe(
      'PENDING_PAYMENT',
    );
    const checked = await call('POST', `/v1/orders/${o.orderNumber}/payment-check`, { token: o.token });
    expect(checked.status).toBe(200);
    expect(['PAID', 'TICKETED']).toContain(checked.body.status);
  });

  it('refuses bad notifies and unknown channels with the API error body, changing nothing', async () => {
    const o = await writtenOrder(sessionId, ['1-1-4']);
    const started = await startAlipay(o.token, o.orderNumber, { channel: 'alipay' });
    await fetch(started.body.payUrl);
    const forged = new URLSearchParams({
      app_id: '2021000000000001',
      out_trade_no: started.body.paymentId,
      trade_status: 'TRADE_SUCCESS',
      total_amount: '100.00',
      sign_type: 'RSA2',
      sign: Buffer.from('not a signature').toString('base64'),
    }).toString();
    for (const [raw, type] of [
      [forged, 'application/x-www-form-urlencoded'],
      ['garbage', 'application/x-www-form-urlencoded'],
      ['', 'application/x-www-form-urlencoded'],
      ['{"trade_status":"TRADE_SUCCESS"}', 'application/json'],
    ] as const) {
      const res = await notify(raw, type);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
    for (const body of [
      { channel: 'wechat' },
      { channel: 'alipay', device: 'tv' },
      { channel: 'alipay', extra: 1 },
    ]) {
      const res = await startAlipay(o.token, o.orderNumber, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await call('GET', `/v1/orders/${o.orderNumber}`, { token: o.token })).body.status).toBe(
      'PENDING_PAYMENT',
    );
  });
});
