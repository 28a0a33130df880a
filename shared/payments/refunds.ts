import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import type { Deps } from '#shared/app/deps.ts';
import { forgetProgramSeats } from '#shared/booking/program-limits.ts';
import { publishAfterCommit } from '#shared/booking/publish.ts';
import { idHashesOf, orderSeats } from '#shared/orders/order-seats.ts';
import { canMove, ORDER_MOVES } from '#shared/orders/order-status.ts';
import { providerOf } from '#shared/payments/payment-providers.ts';
import type { OrderRecord } from '#shared/ports/orders.ts';
import type { PaymentRecord } from '#shared/ports/payments.ts';

export type RefundDeps = Pick<
  Deps,
  'payments' | 'paymentProviders' | 'orders' | 'tickets' | 'inventory' | 'programLimits' | 'events' | 'clock'
>;

/** Retries of a refund the provider did not confirm: 30 s, doubling, at most 15 minutes apart. */
export function nextRefundAttemptMs(nowMs: number, attempts: number): number {
  return nowMs + Math.min(30_000 * 2 ** attempts, 15 * 60_000);
}

/**
 * The customer's refund, once the provider confirmed it: tickets VALID → VOID, the seats back
 * on sale in Redis and the per-program counts given back, then one transaction REFUND_PENDING
 * → REFUNDED with the seat states deleted, then SeatsReleased. Each step is idempotent and the
 * durable move comes last: a crash anywhere before it leaves the order REFUND_PENDING with its
 * payment REFUNDED, which every caller finishes again (the cancel job, the buyer's repeat), so
 * REFUNDED always means every step was done. (The other order once left a refunded seat SOLD
 * in Redis for good when a process died between the two; the cancel job's kill test found it.)
 */
export async function finishOrderRefund(d: RefundDeps, order: OrderRecord): Promise<void> {
  await d.tickets.voidAll(order.orderNumber);
  const seats = await orderSeats(d, order);
  const freed = seats
    ? await d.inventory.refund(order.sessionId, order.holdId, order.userId, seats, idHashesOf(order))
    : 0;
  await forgetProgramSeats(d, order.sessionId, order.userId, order.holdId);
  await d.orders.completeRefund(order, new Date(d.clock.now()).toISOString());
  await publishAfterCommit(d, [
    {
      type: 'SeatsReleased',
      detail: { sessionId: order.sessionId, holdId: order.holdId, reason: 'REFUNDED', seats: freed },
    },
  ]);
}

/**
 * What a confirmed refund means for its order: the customer's refund ends, or a late
 * payment's order ends REFUNDED. Idempotent: a job that finds a payment REFUNDED whose order
 * is not (a crash in between) runs it again without asking the provider.
 */
export async function afterRefund(d: RefundDeps, payment: PaymentRecord): Promise<void> {
  // The buyer is told first (once per payment: the notifier drops repeats): the money is back
  // at the provider whatever happens next, and a crash before the order's last step would
  // otherwise leave a finished refund untold.
  await publishAfterCommit(d, [
    {
      type: 'RefundCompleted',
      detail: {
        orderNumber: payment.orderNumber,
        userId: payment.userId,
        paymentId: payment.paymentId,
        amountCents: payment.amountCents,
      },
    },
  ]);
  const order = await d.orders.get(payment.orderNumber);
  if (!order) return;
  if (order.status === ORDER_MOVES.requestRefund.to && order.paymentId === payment.paymentId) {
    await finishOrderRefund(d, order);
  } else if (canMove(order.status, 'refundLatePayment')) {
    await d.orders.transition(order.orderNumber, 'refundLatePayment', new Date(d.clock.now()).toISOString());
  }
  // Otherwise a second payment of a paid order: the order keeps its first payment.
}

/**
 * One attempt at a pending refund. The provider's refund is idempotent per payment, so an
 * attempt that timed out after the provider did it is safe to repeat. Not confirmed (declined,
 * provider down) → tried again later by the payment reconciler, with backoff. True when refunded.
 */
export async function attemptRefund(d: RefundDeps, payment: PaymentRecord): Promise<boolean> {
  let refunded = false;
  try {
    ({ refunded } = await providerOf(d, payment).refund({
      paymentId: payment.paymentId,
      orderNumber: payment.orderNumber,
      amountCents: payment.amountCents,
      reason: payment.refundReason ?? 'refund',
    }));
  } catch (error) {
    count('PaymentProviderError');
    logger.warn('refund call failed; retried later', { paymentId: payment.paymentId, error: error as Error });
  }
  const now = d.clock.now();
  if (!refunded) {
    const attempts = (payment.refundAttempts ?? 0) + 1;
    await d.payments.refundLater(
      payment.paymentId,
      new Date(nextRefundAttemptMs(now, attempts)).toISOString(),
      attempts,
    );
    count('RefundRetried');
    return false;
  }
  // Whoever confirms first finishes the order; a repeat finds the payment REFUNDED and
  // the order's steps idempotent.
  await d.payments.markRefunded(payment.paymentId, new Date(now).toISOString());
  count('RefundCompleted');
  await afterRefund(d, payment);
  return true;
}

/**
 * Money that must go back: the payment becomes REFUND_PENDING (durable, found by the
 * reconciler until the provider confirms) and a first attempt is made at once.
 */
export async function refundPayment(d: RefundDeps, payment: PaymentRecord, reason: string): Promise<boolean> {
  const nowIso = new Date(d.clock.now()).toISOString();
  await d.payments.requestRefund(payment.paymentId, reason, nowIso);
  const current = await d.payments.get(payment.paymentId);
  if (current?.status === 'REFUNDED') return true;
  if (current?.status !== 'REFUND_PENDING') return false;
  return attemptRefund(d, current);
}
