import { logger } from '#kernel/observability/logger.ts';
import { count, oldestPendingRefund } from '#kernel/observability/metrics.ts';
import { canMove } from '#shared/orders/order-status.ts';
import { nextPaymentCheck } from '#shared/payments/payment-checks.ts';
import { providerOf } from '#shared/payments/payment-providers.ts';
import { applyPaymentResult, type PaymentDeps } from '#shared/payments/payments.ts';
import { attemptRefund } from '#shared/payments/refunds.ts';
import type { PaymentRecord } from '#shared/ports/payments.ts';

/** Work items per kind per run (the next run, a minute later, takes the rest). */
const BATCH = 200;

export interface ReconcileReport {
  checked: number;
  recovered: number;
  closed: number;
  refunded: number;
  refundsPending: number;
  providerErrors: number;
}

/**
 * One open payment near or past its order's end: the provider's word decides. Paid → the
 * order is paid (or the money refunded if the order already ended: applyPaymentResult);
 * declined → FAILED; still unpaid and the order over → the trade is closed at the provider
 * first (so it can never be paid later), then CLOSED here; still payable → asked again soon.
 */
async function reconcileOpen(d: PaymentDeps, payment: PaymentRecord, report: ReconcileReport): Promise<void> {
  report.checked++;
  const order = await d.orders.get(payment.orderNumber);
  const provider = providerOf(d, payment);
  const result = await provider.query(payment.paymentId);
  if (result?.status === 'CLOSED') {
    // Closed unpaid at the provider already (Alipay closes a trade at its time_expire).
    if (await d.payments.markClosed(payment.paymentId, new Date(d.clock.now()).toISOString())) {
      report.closed++;
      count('PaymentClosedUnpaid');
    }
    return;
  }
  if (result && result.status !== 'PENDING') {
    await applyPaymentResult(d, payment, result);
    if (result.status === 'SUCCESS' && order && canMove(order.status, 'pay')) {
      report.recovered++;
      count('PaymentRecoveredByReconciler');
      logger.info('payment recovered by the reconciler (its notify never arrived)', {
        paymentId: payment.paymentId,
      });
    }
    return;
  }
  const now = d.clock.now();
  const payable = order && canMove(order.status, 'pay') && Date.parse(order.expiresAt) > now;
  if (payable) {
    const next = nextPaymentCheck(Date.parse(payment.createdAt), Date.parse(order.expiresAt), now);
    await d.payments.checkLater(payment.paymentId, new Date(next).toISOString());
    return;
  }
  const { closed } = await provider.close(payment.paymentId);
  if (closed) {
    await d.payments.markClosed(payment.paymentId, new Date(now).toISOString());
    report.closed++;
    count('PaymentClosedUnpaid');
    return;
  }
  // Paid at the last moment: take the provider's answer now.
  const late = await provider.query(payment.paymentId);
  if (late) await applyPaymentResult(d, payment, late);
}

/**
 * An ended order's open trade closed at once (a cancelled order's cashier link must stop
 * taking money). Best effort: a provider that does not answer, or a payment made meanwhile,
 * is left to the reconciler, which finds the payment by its due time and takes the
 * provider's word (a late payment is refunded).
 */
export async function closeOpenTrade(
  d: Pick<PaymentDeps, 'payments' | 'paymentProviders' | 'clock'>,
  paymentId: string | undefined,
): Promise<void> {
  const payment = paymentId ? await d.payments.get(paymentId) : undefined;
  if (!payment || (payment.status !== 'CREATED' && payment.status !== 'FAILED')) return;
  try {
    const { closed } = await providerOf(d, payment).close(payment.paymentId);
    if (closed) await d.payments.markClosed(payment.paymentId, new Date(d.clock.now()).toISOString());
  } catch (error) {
    logger.warn('could not close the trade now; the payment reconciler will', {
      paymentId: payment.paymentId,
      error: error as Error,
    });
  }
}

/**
 * The payment reconciler (schedule trigger `payment-reconciler`): nothing depends on a notify
 * arriving or on the buyer pressing "check". Open payments are asked about on the ladder of
 * payment-checks.ts (30 s, 2 min and 5 min after they started, then near their order's end);
 * refunds the provider has not confirmed are retried with backoff. A provider that does not
 * answer leaves the work where it is for the next run.
 */
export async function reconcilePayments(d: PaymentDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    checked: 0,
    recovered: 0,
    closed: 0,
    refunded: 0,
    refundsPending: 0,
    providerErrors: 0,
  };
  const nowIso = new Date(d.clock.now()).toISOString();
  const guarded = async (payment: PaymentRecord, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      report.providerErrors++;
      count('PaymentProviderError');
      logger.warn('payment reconcile step failed; next run retries', {
        paymentId: payment.paymentId,
        error: error as Error,
      });
    }
  };
  for (const payment of await d.payments.due('open', nowIso, BATCH)) {
    await guarded(payment, () => reconcileOpen(d, payment, report));
  }
  for (const payment of await d.payments.due('refund', nowIso, BATCH)) {
    await guarded(payment, async () => {
      if (await attemptRefund(d, payment)) report.refunded++;
    });
  }
  // Every refund still owed, due or not: its count and the oldest one's age (alarm: > 15 min).
  const pending = await d.payments.due('refund', '9999', 10_000);
  report.refundsPending = pending.length;
  const oldest = Math.min(...pending.map((p) => Date.parse(p.refundRequestedAt ?? nowIso)));
  oldestPendingRefund(pending.length > 0 ? (d.clock.now() - oldest) / 60_000 : 0);
  return report;
}
