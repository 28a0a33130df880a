import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlipayCredentials } from '#shared/payments/alipay/alipay-provider.ts';
import { alipayTime, centsOf, isoOfAlipayTime, yuanOf } from '#shared/payments/alipay/wire.ts';

/**
 * An Alipay-protocol stand-in (OpenAPI v2, RSA2), so the real `alipay-sdk` code path runs end
 * to end with no network. It is Alipay's side of the wire, nothing of the product's:
 *  - `GET /gateway.do?method=alipay.trade.wap.pay|page.pay…` (the pay link): checks the app's
 *    signature, opens the trade (WAIT_BUYER_PAY) and serves the cashier page;
 *  - `POST /gateway.do`: `alipay.trade.query`, `alipay.trade.refund` (deduplicated by
 *    out_request_no), `alipay.trade.close`, each answer signed with "Alipay's" key;
 *  - `POST /cashier/{out_trade_no}/pay[?notify=send|lose|repeat|hold]`: the buyer pays; the
 *    signed notify is then posted to the trade's notify_url (or lost, sent twice, or held
 *    until `POST /stand-in/notifies/release`);
 *  - `POST /stand-in/down?on=1|0`: the OpenAPI answers 503 (a provider outage), pay links too.
 * Keys are generated at start; `credentials` is what the product is configured with.
 */

type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';

export interface StandInTrade {
  outTradeNo: string;
  tradeNo: string;
  totalCents: number;
  subject: string;
  status: TradeStatus;
  notifyUrl: string;
  returnUrl?: string;
  timeExpireMs?: number;
  createdMs: number;
  paidMs?: number;
  refundedCents: number;
  /** out_request_no → refunded cents: a repeated request refunds once. */
  refunds: Map<string, number>;
}

export type NotifyMode = 'send' | 'lose' | 'repeat' | 'hold';

/** What the notify URL answered, per delivery (Alipay counts only the text `success`). */
export interface NotifyDelivery {
  outTradeNo: string;
  status: number;
  body: string;
}

export interface AlipayStandInOptions {
  /** Alipay's clock (tests share their settable clock). */
  now?: () => number;
  /**
   * Delivers a notify: form body in, the product's answer out. Default: POST it to the
   * trade's notify_url. Tests below the HTTP layer hand it to the notify use case directly.
   */
  deliver?: (notifyUrl: string, form: string) => Promise<{ status: number; body: string }>;
}

export interface AlipayStandIn {
  /** The gateway URL the SDK is pointed at (ALIPAY_GATEWAY). */
  gateway: string;
  origin: string;
  credentials: Required<AlipayCredentials>;
  trades: Map<string, StandInTrade>;
  deliveries: NotifyDelivery[];
  /** The buyer pays at the cashier; the notify goes out per `mode`. */
  pay(
    outTradeNo: string,
    mode?: NotifyMode,
  ): Promise<{ ok: boolean; error?: string; deliveries: NotifyDelivery[] }>;
  /** Sends the notifies held back by `hold`, in order. */
  releaseHeld(): Promise<NotifyDelivery[]>;
  /** A provider outage: every OpenAPI call answers 503 until set back. */
  setDown(down: boolean): void;
  /** A notify exactly as Alipay would sign it, for tests that forge or alter one. */
  signedNotify(fields: Record<string, string>, key?: string): string;
  /** The signed notify of a trade as it stands (form body), for callers that deliver it themselves. */
  notifyForm(outTradeNo: string): string;
  stop(): Promise<void>;
}

const pem = (kind: 'pkcs8' | 'spki', key: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  key.export({ type: kind, format: 'pem' }).toString();

function rsaPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey: pem('pkcs8', privateKey), publicKey: pem('spki', publicKey) };
}

/** The RSA2 content string: every parameter but `sign` (and, for notifies, `sign_type`), sorted, k=v&… */
function signContent(params: Record<string, string>, omit: string[]): string {
  return Object.keys(params)
    .filter((k) => !omit.includes(k) && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

const rsaSign = (content: string, privateKey: string) =>
  createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startAlipayStandIn(opts: AlipayStandInOptions = {}): Promise<AlipayStandIn> {
  const now = opts.now ?? (() => Date.now());
  const app = rsaPair(); // the merchant's key pair; the product holds the private half
  const alipay = rsaPair(); // "Alipay's" key pair; the product holds the public half
  const credentials = {
    appId: `2021${String(randomBytes(6).readUIntBE(0, 6) % 1e12).padStart(12, '0')}`,
    sellerId: `2088${String(randomBytes(6).readUIntBE(0, 6) % 1e12).padStart(12, '0')}`,
    privateKey: app.privateKey,
    alipayPublicKey: alipay.publicKey,
  };
  const trades = new Map<string, StandInTrade>();
  const deliveries: NotifyDelivery[] = [];
  const held: StandInTrade[] = [];
  let down = false;
  const deliver =
    opts.deliver ??
    (async (url: string, form: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form,
      });
      return { status: res.status, body: await res.text() };
    });

  const appSigned = (params: Record<string, string>) =>
    !!params.sign &&
    params.app_id === credentials.appId &&
    createVerify('RSA-SHA256')
      .update(signContent(params, ['sign']), 'utf8')
      .verify(app.publicKey, params.sign, 'base64');

  const signedNotify = (fields: Record<string, string>, key = alipay.privateKey) => {
    const sign = rsaSign(signContent(fields, ['sign', 'sign_type']), key);
    return new URLSearchParams({ ...fields, sign }).toString();
  };

  const notifyFields = (t: StandInTrade): Record<string, string> => ({
    notify_time: alipayTime(now()),
    notify_type: 'trade_status_sync',
    notify_id: randomBytes(16).toString('hex'),
    app_id: credentials.appId,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    trade_no: t.tradeNo,
    out_trade_no: t.outTradeNo,
    trade_status: t.status,
    total_amount: yuanOf(t.totalCents),
    receipt_amount: yuanOf(t.totalCents),
    buyer_pay_amount: yuanOf(t.totalCents),
    subject: t.subject,
    gmt_create: alipayTime(t.createdMs),
    ...(t.paidMs ? { gmt_payment: alipayTime(t.paidMs) } : {}),
    seller_id: credentials.sellerId,
    buyer_logon_id: '159****0000',
  });

  const sendNotify = async (t: StandInTrade): Promise<NotifyDelivery> => {
    let delivery: NotifyDelivery;
    try {
      const res = await deliver(t.notifyUrl, signedNotify(notifyFields(t)));
      delivery = { outTradeNo: t.outTradeNo, ...res };
    } catch (error) {
      delivery = { outTradeNo: t.outTradeNo, status: 0, body: String(error) };
    }
    deliveries.push(delivery);
    return delivery;
  };

  const expired = (t: StandInTrade) => t.timeExpireMs !== undefined && now() >= t.timeExpireMs;

  /** The trade a pay link describes, opened on first visit; the same link opens the same trade. */
  const openTrade = (params: Record<string, string>): StandInTrade | string => {
    let biz: Record<string, string>;
    try {
      biz = JSON.parse(params.biz_content ?? '') as Record<string, string>;
    } catch {
      return 'biz_content is not JSON';
    }
    const cents = centsOf(biz.total_amount ?? '');
    if (!biz.out_trade_no || cents === undefined || !params.notify_url)
      return 'missing out_trade_no, total_amount or notify_url';
    const existing = trades.get(biz.out_trade_no);
    if (existing) return existing.totalCents === cents ? existing : 'ACQ.CONTEXT_INCONSISTENT';
    const timeExpire = biz.time_expire ? isoOfAlipayTime(biz.time_expire) : undefined;
    const t: StandInTrade = {
      outTradeNo: biz.out_trade_no,
      tradeNo: `${alipayTime(now()).replace(/\D/g, '').slice(0, 8)}22${randomBytes(8).readBigUInt64BE() % 10n ** 18n}`,
      totalCents: cents,
      subject: biz.subject ?? '',
      status: 'WAIT_BUYER_PAY',
      notifyUrl: params.notify_url,
      ...(params.return_url ? { returnUrl: params.return_url } : {}),
      ...(timeExpire ? { timeExpireMs: Date.parse(timeExpire) } : {}),
      createdMs: now(),
      refundedCents: 0,
      refunds: new Map(),
    };
    if (expired(t)) return 'ACQ.TRADE_HAS_CLOSE';
    trades.set(t.outTradeNo, t);
    return t;
  };

  const pay = async (outTradeNo: string, mode: NotifyMode = 'send') => {
    const t = trades.get(outTradeNo);
    if (!t) return { ok: false, error: 'ACQ.TRADE_NOT_EXIST', deliveries: [] };
    if (t.status === 'WAIT_BUYER_PAY' && expired(t)) t.status = 'TRADE_CLOSED';
    if (t.status !== 'WAIT_BUYER_PAY') return { ok: false, error: `trade is ${t.status}`, deliveries: [] };
    t.status = 'TRADE_SUCCESS';
    t.paidMs = now();
    const sent: NotifyDelivery[] = [];
    if (mode === 'hold') held.push(t);
    if (mode === 'send' || mode === 'repeat') sent.push(await sendNotify(t));
    if (mode === 'repeat') sent.push(await sendNotify(t));
    return { ok: true, deliveries: sent };
  };

  /** The OpenAPI methods the product calls. Business refusals are code 40004 with a sub code. */
  const openApi = (method: string, biz: Record<string, string>): Record<string, unknown> => {
    const refuse = (sub_code: string, sub_msg: string) => ({
      code: '40004',
      msg: 'Business Failed',
      sub_code,
      sub_msg,
    });
    const t = trades.get(biz.out_trade_no ?? '');
    if (!t) return refuse('ACQ.TRADE_NOT_EXIST', '交易不存在');
    if (t.status === 'WAIT_BUYER_PAY' && expired(t)) t.status = 'TRADE_CLOSED';
    const ids = { trade_no: t.tradeNo, out_trade_no: t.outTradeNo };
    switch (method) {
      case 'alipay.trade.query':
        return {
          code: '10000',
          msg: 'Success',
          ...ids,
          trade_status: t.status,
          total_amount: yuanOf(t.totalCents),
          ...(t.paidMs ? { send_pay_date: alipayTime(t.paidMs) } : {}),
          buyer_logon_id: '159****0000',
        };
      case 'alipay.trade.refund': {
        const requestNo = biz.out_request_no ?? t.outTradeNo;
        const cents = centsOf(biz.refund_amount ?? '');
        if (cents === undefined || cents <= 0)
          return { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-parameter' };
        const done = t.refunds.get(requestNo);
        if (done !== undefined) {
          if (done !== cents) return refuse('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额与首次请求不一致');
          return {
            code: '10000',
            msg: 'Success',
            ...ids,
            fund_change: 'N',
            refund_fee: yuanOf(t.refundedCents),
          };
        }
        if (t.paidMs === undefined) return refuse('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
        if (t.refundedCents + cents > t.totalCents)
          return refuse('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
        t.refunds.set(requestNo, cents);
        t.refundedCents += cents;
        // A fully refunded trade is closed (its query still shows when it was paid).
        if (t.refundedCents === t.totalCents) t.status = 'TRADE_CLOSED';
        return {
          code: '10000',
          msg: 'Success',
          ...ids,
          fund_change: 'Y',
          refund_fee: yuanOf(t.refundedCents),
        };
      }
      case 'alipay.trade.close':
        if (t.status === 'TRADE_SUCCESS') return refuse('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
        t.status = 'TRADE_CLOSED';
        return { code: '10000', msg: 'Success', ...ids };
      default:
        return { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method', sub_msg: method };
    }
  };

  /** Alipay's response envelope: `{"<method>_response":{…},"sign":"…"}`, the sign over the inner JSON. */
  const signedResponse = (method: string, inner: Record<string, unknown>) => {
    const json = JSON.stringify(inner);
    const sign = rsaSign(json, alipay.privateKey);
    return `{"${method.replaceAll('.', '_')}_response":${json},"sign":"${sign}"}`;
  };

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
    res.end(body);
  };

  const cashierPage = (t: StandInTrade) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>支付宝收银台（本地）</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:2rem auto;text-align:center">
<h1>支付宝收银台 · 本地模拟</h1>
<p>${escapeHtml(t.subject)}</p>
<p style="font-size:2rem" data-amount>¥${yuanOf(t.totalCents)}</p>
<p>交易状态：<span data-status>${t.status}</span></p>
<form method="post" action="/cashier/${encodeURIComponent(t.outTradeNo)}/pay">
<button type="submit" style="font-size:1.25rem;padding:.75rem 2rem">确认付款</button>
</form></body></html>`;

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      if (url.pathname === '/gateway.do') {
        if (down) return send(res, 503, 'text/plain', 'Service Unavailable');
        if (req.method === 'POST')
          Object.assign(params, Object.fromEntries(new URLSearchParams(await readBody(req))));
        const method = params.method ?? '';
        if (!appSigned(params)) {
          const refused = {
            code: '40002',
            msg: 'Invalid Arguments',
            sub_code: 'isv.invalid-signature',
            sub_msg: '验签出错',
          };
          if (req.method === 'GET') return send(res, 400, 'text/html', `<p>${refused.sub_msg}</p>`);
          return send(
            res,
            200,
            'application/json',
            JSON.stringify({ [`${method.replaceAll('.', '_')}_response`]: refused }),
          );
        }
        if (req.method === 'GET') {
          if (method !== 'alipay.trade.wap.pay' && method !== 'alipay.trade.page.pay') {
            return send(res, 400, 'text/html', '<p>isv.invalid-method</p>');
          }
          const t = openTrade(params);
          if (typeof t === 'string') return send(res, 400, 'text/html', `<p>${escapeHtml(t)}</p>`);
          return send(res, 200, 'text/html', cashierPage(t));
        }
        let biz: Record<string, string> = {};
        try {
          biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
        } catch {
          // answered as a missing trade below
        }
        return send(res, 200, 'application/json', signedResponse(method, openApi(method, biz)));
      }
      const payMatch = /^\/cashier\/([\w-]{1,64})\/pay$/.exec(url.pathname);
      if (payMatch && req.method === 'POST') {
        const mode = (url.searchParams.get('notify') ?? 'send') as NotifyMode;
        if (!['send', 'lose', 'repeat', 'hold'].includes(mode))
          return send(res, 400, 'text/plain', 'notify=send|lose|repeat|hold');
        const result = await pay(payMatch[1]!, mode);
        if ((req.headers.accept ?? '').includes('text/html')) {
          const t = trades.get(payMatch[1]!);
          if (result.ok && t?.returnUrl) {
            res.writeHead(303, { location: t.returnUrl });
            return res.end();
          }
          return send(
            res,
            result.ok ? 200 : 409,
            'text/html',
            `<p>${result.ok ? '支付成功' : escapeHtml(result.error ?? '')}</p>`,
          );
        }
        return send(res, result.ok ? 200 : 409, 'application/json', JSON.stringify(result));
      }
      if (url.pathname === '/stand-in/down' && req.method === 'POST') {
        down = url.searchParams.get('on') !== '0';
        return send(res, 200, 'application/json', JSON.stringify({ down }));
      }
      if (url.pathname === '/stand-in/notifies/release' && req.method === 'POST') {
        return send(res, 200, 'application/json', JSON.stringify({ deliveries: await releaseHeld() }));
      }
      return send(res, 404, 'text/plain', 'Not Found');
    } catch (error) {
      return send(res, 500, 'text/plain', String(error));
    }
  });

  const releaseHeld = async () => {
    const out: NotifyDelivery[] = [];
    for (const t of held.splice(0)) out.push(await sendNotify(t));
    return out;
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    gateway: `${origin}/gateway.do`,
    origin,
    credentials,
    trades,
    deliveries,
    pay,
    releaseHeld,
    setDown: (d) => {
      down = d;
    },
    signedNotify,
    notifyForm: (outTradeNo) => {
      const t = trades.get(outTradeNo);
      if (!t) throw new Error(`no trade ${outTradeNo}`);
      return signedNotify(notifyFields(t));
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
