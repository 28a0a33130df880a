import { DomainError, notFound } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import { applyPaymentResult, type PaymentDeps } from '#shared/payments/payments.ts';

/** What Alipay must read back, exactly, or it sends the notify again (up to 8 times over 25 hours). */
export const NOTIFY_ACK = 'success';

const REFUSALS = {
  signature: ['UNAUTHENTICATED', 'The notify signature is not valid'],
  app: ['VALIDATION_FAILED', 'The notify is for another app'],
  seller: ['VALIDATION_FAILED', 'The notify is for another seller'],
  malformed: ['VALIDATION_FAILED', 'The notify is missing its trade number or amount'],
} as const;

/**
 * Alipay's asynchronous notify (`POST /v1/payments/alipay/notify`, form-encoded). Believed
 * only after the SDK verified its RSA2 signature with Alipay's public key and its app id and
 * seller are ours; then the payment must exist with the same amount (in cents, from yuan).
 * Then it is applied like any provider result, so repeats and late ones behave as the
 * sandbox callback's do. A refused notify changes nothing and gets the API's error body
 * (Alipay retries it; a forged one never verifies).
 */
export async function handleAlipayNotify(d: PaymentDeps, rawBody: string): Promise<string> {
  const alipay = d.paymentProviders.get('alipay');
  if (!alipay?.checkNotify) throw notFound('Route');
  const fields = Object.fromEntries(new URLSearchParams(rawBody));
  const check = await alipay.checkNotify(fields);
  if (!check.ok) {
    count('PaymentNotifyRefused');
    logger.warn('alipay notify refused', { reason: check.reason, outTradeNo: fields.out_trade_no });
    const [code, message] = REFUSALS[check.reason];
    throw new DomainError(code, message);
  }
  const payment = await d.payments.get(check.result.paymentId);
  if (!payment || payment.channel !== 'alipay') throw notFound('Payment');
  if (payment.amountCents !== check.result.amountCents) {
    logger.error('alipay notify amount differs from the payment', {
      metric: 'PaymentMismatch',
      paymentId: payment.paymentId,
      notifiedCents: check.result.amountCents,
    });
    throw new DomainError('VALIDATION_FAILED', 'The notify amount differs from the payment', {
      fields: [{ path: 'body.total_amount', message: 'differs from the payment' }],
    });
  }
  await applyPaymentResult(d, payment, check.result);
  return NOTIFY_ACK;
}
