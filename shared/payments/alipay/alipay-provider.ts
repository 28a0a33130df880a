// Types only: the SDK itself is loaded on first use (newAlipayProvider), so functions that
// never pay neither ship nor start it.
import type { AlipaySdk, AlipaySdkCommonResult } from 'alipay-sdk';
import type { NotifyCheck, PayDevice, PaymentProvider, PaymentResult } from '#shared/ports/payments.ts';
import { alipayTime, centsOf, isoOfAlipayTime, yuanOf } from './wire.ts';

/** What an Alipay merchant app is configured with (Secrets Manager in AWS; generated locally). */
export interface AlipayCredentials {
  appId: string;
  /** The app's RSA2 private key (PKCS#8 PEM, or the bare base64 Alipay's key tool writes). */
  privateKey: string;
  /** Alipay's public key for this app (SPKI PEM or bare base64): verifies notifies and responses. */
  alipayPublicKey: string;
  /** The merchant's PID (2088…); a notify for another seller is refused. Optional. */
  sellerId?: string;
}

export interface AlipaySettings extends AlipayCredentials {
  /** https://openapi.alipay.com/gateway.do in production; the stand-in locally (ALIPAY_GATEWAY). */
  gateway: string;
  /** Where Alipay posts the asynchronous notify: this API's /v1/payments/alipay/notify. */
  notifyUrl: string;
  /** Where the cashier sends the buyer back (the app's order page); optional. */
  returnUrl?: string;
  /** Per call; kept below the functions' timeouts (the reconciler retries what did not answer). */
  timeoutMs?: number;
}

/** The refund request number: one per payment, so a repeated refund call refunds once (Alipay dedupes by it). */
export const refundRequestNo = (paymentId: string) => `${paymentId}-refund`;

const PRODUCT: Record<PayDevice, { method: string; productCode: string }> = {
  mobile: { method: 'alipay.trade.wap.pay', productCode: 'QUICK_WAP_WAY' },
  pc: { method: 'alipay.trade.page.pay', productCode: 'FAST_INSTANT_TRADE_PAY' },
};

/** An answer that is neither done nor a business refusal: retried by the caller, never guessed at. */
export class AlipayCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'AlipayCallError';
  }
}

/** Alipay's business answers: 10000 done; 40004 a business refusal with a sub code. */
const SUCCESS = '10000';
const TRADE_NOT_EXIST = 'ACQ.TRADE_NOT_EXIST';

/**
 * The Alipay adapter (OpenAPI v2 through the official `alipay-sdk`, RSA2 both ways): cashier
 * links (wap/page pay, `out_trade_no` = our paymentId, `time_expire` = the order's end),
 * `alipay.trade.query` / `refund` / `close` with signed responses checked by the SDK, and
 * the notify's RSA2 signature, app id and seller checked before anything is believed.
 * Network errors and Alipay's system errors throw, so the caller retries; business answers
 * are mapped to the port's results.
 */
export class AlipayPaymentProvider implements PaymentProvider {
  readonly channel = 'alipay' as const;

  constructor(
    private readonly settings: AlipaySettings,
    private readonly sdk: AlipaySdk,
  ) {}

  async create(p: {
    paymentId: string;
    orderNumber: string;
    amountCents: number;
    expiresAt: string;
    device: PayDevice;
  }): Promise<{ payUrl: string }> {
    const { method, productCode } = PRODUCT[p.device];
    const payUrl = this.sdk.pageExecute(method, 'GET', {
      bizContent: {
        out_trade_no: p.paymentId,
        total_amount: yuanOf(p.amountCents),
        subject: `门票订单 ${p.orderNumber}`,
        product_code: productCode,
        time_expire: alipayTime(Date.parse(p.expiresAt)),
      },
      notify_url: this.settings.notifyUrl,
      ...(this.settings.returnUrl ? { return_url: this.settings.returnUrl } : {}),
    });
    return { payUrl };
  }

  private async call(method: string, bizContent: Record<string, string>): Promise<AlipaySdkCommonResult> {
    const res = await this.sdk.exec(method, { bizContent }, { validateSign: true });
    if (res.code === SUCCESS || res.code === '40004') return res;
    // 20000 (system busy), 40001/40002 (our request is wrong), 40006 (no permission): retry or fix, never guess.
    throw new AlipayCallError(
      `${method}: ${res.code} ${res.sub_code ?? ''} ${res.sub_msg ?? res.msg}`,
      res.code,
    );
  }

  async query(paymentId: string): Promise<PaymentResult | undefined> {
    const res = await this.call('alipay.trade.query', { out_trade_no: paymentId });
    // Not created yet: the buyer has not opened the cashier (Alipay creates the trade then).
    if (res.code !== SUCCESS) {
      if (res.sub_code === TRADE_NOT_EXIST) return undefined;
      throw new AlipayCallError(`alipay.trade.query: ${res.sub_code}`, res.code);
    }
    const amountCents = centsOf(String(res.total_amount));
    if (amountCents === undefined)
      throw new Error(`alipay.trade.query: bad total_amount ${res.total_amount}`);
    const paidAt = typeof res.send_pay_date === 'string' ? isoOfAlipayTime(res.send_pay_date) : undefined;
    const status = res.trade_status as string;
    return {
      paymentId,
      amountCents,
      status:
        status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED'
          ? 'SUCCESS'
          : // Closed after a full refund still means it was paid; closed unpaid never will be.
            status === 'TRADE_CLOSED'
            ? paidAt
              ? 'SUCCESS'
              : 'CLOSED'
            : 'PENDING',
      ...(paidAt ? { paidAt } : {}),
    };
  }

  async refund(p: {
    paymentId: string;
    orderNumber: string;
    amountCents: number;
    reason: string;
  }): Promise<{ refunded: boolean }> {
    const res = await this.call('alipay.trade.refund', {
      out_trade_no: p.paymentId,
      refund_amount: yuanOf(p.amountCents),
      out_request_no: refundRequestNo(p.paymentId),
      refund_reason: p.reason.slice(0, 256),
    });
    // fund_change "N" on a repeat of the same out_request_no: refunded before, still refunded.
    return { refunded: res.code === SUCCESS };
  }

  async close(paymentId: string): Promise<{ closed: boolean }> {
    const res = await this.call('alipay.trade.close', { out_trade_no: paymentId });
    if (res.code === SUCCESS) return { closed: true };
    // Never opened: nothing to close, and time_expire (the order's end) stops a late opening.
    if (res.sub_code === TRADE_NOT_EXIST) return { closed: true };
    // ACQ.TRADE_STATUS_ERROR: paid (or already finished) meanwhile.
    return { closed: false };
  }

  /**
   * An asynchronous notify (form fields as posted): Alipay's RSA2 signature over the fields,
   * then this app's id and seller; the amount is compared with the payment by the caller.
   */
  async checkNotify(fields: Record<string, string>): Promise<NotifyCheck> {
    if (!fields.sign || !this.sdk.checkNotifySignV2(fields)) return { ok: false, reason: 'signature' };
    if (fields.app_id !== this.settings.appId) return { ok: false, reason: 'app' };
    if (this.settings.sellerId && fields.seller_id !== this.settings.sellerId)
      return { ok: false, reason: 'seller' };
    const amountCents = centsOf(fields.total_amount ?? '');
    const paymentId = fields.out_trade_no ?? '';
    if (amountCents === undefined || !/^[\w-]{1,64}$/.test(paymentId))
      return { ok: false, reason: 'malformed' };
    const status = fields.trade_status;
    const paidAt = fields.gmt_payment ? isoOfAlipayTime(fields.gmt_payment) : undefined;
    return {
      ok: true,
      result: {
        paymentId,
        amountCents,
        // TRADE_CLOSED notifies (unpaid timeout, or closed after a full refund) change nothing here.
        status: status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED' ? 'SUCCESS' : 'PENDING',
        ...(paidAt ? { paidAt } : {}),
      },
    };
  }
}

/** The adapter on the official SDK, both loaded now (RSA2 both ways, answers verified). */
export async function newAlipayProvider(settings: AlipaySettings): Promise<AlipayPaymentProvider> {
  const { AlipaySdk } = await import('alipay-sdk');
  const sdk = new AlipaySdk({
    appId: settings.appId,
    privateKey: settings.privateKey,
    keyType: 'PKCS8',
    alipayPublicKey: settings.alipayPublicKey,
    gateway: settings.gateway,
    timeout: settings.timeoutMs ?? 4000,
    signType: 'RSA2',
    camelcase: false,
  });
  return new AlipayPaymentProvider(settings, sdk);
}
