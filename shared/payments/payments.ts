import * as z from 'zod/mini';
import { DomainError, notFound } from '#kernel/errors.ts';
import { newId, ORDER_NUMBER_PATTERN } from '#kernel/ids.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import type { Principal } from '#kernel/principal.ts';
import type { PaymentStartedBody } from '#shared/api/responses.ts';
import type { Deps } from '#shared/app/deps.ts';
import { keepProgramSeats } from '#shared/booking/program-limits.ts';
import { orderView } from '#shared/orders/order-queries.ts';
import { idHashesOf, orderSeats } from '#shared/orders/order-seats.ts';
import { withShow } from '#shared/orders/order-show.ts';
import { canMove, isLate, isSold, ORDER_MOVES } from '#shared/orders/order-status.ts';
import { ownOrder } from '#shared/orders/own-order.ts';
import { withIdempotency } from '#shared/orders/with-idempotency.ts';
import { nextPaymentCheck } from '#shared/payments/payment-checks.ts';
import { chosenProvider, providerOf } from '#shared/payments/payment-providers.ts';
import { refundPayment } from '#shared/payments/refunds.ts';
import { signatureValid } from '#shared/payments/signature.ts';
import type { StoredResponse } from '#shared/ports/idempotency.ts';
import type { OrderRecord } from '#shared/ports/orders.ts';
import type { PayDevice, PaymentChannel, PaymentRecord, PaymentResult } from '#shared/ports/payments.ts';

export type PaymentDeps = Pick<
  Deps,
  | 'catalogue'
  | 'orders'
  | 'payments'
  | 'paymentProviders'
  | 'inventory'
  | 'programLimits'
  | 'events'
  | 'scheduler'
  | 'clock'
  | 'idempotency'
  | 'config'
  | 'tickets'
>;

/**
 * Start a payment (Idempotency-Key required): the caller's PENDING_PAYMENT order, for its
 * exact amount → the provider's pay link → a CREATED payment record.
 */
export async function startPayment(
  d: PaymentDeps,
  principal: Principal,
  orderNumber: string,
  body: { channel: PaymentChannel; device?: PayDevice | undefined },
  idempotencyKey: string,
): Promise<StoredResponse<PaymentStartedBody>> {
  return withIdempotency(d, `payments:${principal.userId}:${orderNumber}`, idempotencyKey, body, async () => {
    const order = await ownOrder(d, principal, orderNumber);
    if (!canMove(order.status, 'pay')) {
      throw new DomainError('INVALID_STATE', `The order is ${order.status.toLowerCase()}`, {
        status: order.status,
      });
    }
    if (Date.parse(order.expiresAt) <= d.clock.now()) {
      throw new DomainError('INVALID_STATE', 'The order has expired', { status: 'EXPIRED' });
    }
    const provider = chosenProvider(d, body.channel);
    const paymentId = newId('pay', d.clock.now());
    const { payUrl } = await provider.create({
      paymentId,
      orderNumber,
      amountCents: order.amountCents,
      expiresAt: order.expiresAt,
      device: body.device ?? 'mobile',
    });
    await d.payments.create(
      {
        paymentId,
        orderNumber,
        userId: principal.userId,
        amountCents: order.amountCents,
        channel: body.channel,
        status: 'CREATED',
        createdAt: new Date(d.clock.now()).toISOString(),
      },
      // The reconciler's first look, about 30 s from now (payment-checks.ts).
      new Date(nextPaymentCheck(d.clock.now(), Date.parse(order.expiresAt), d.clock.now())).toISOString(),
    );
    await d.orders.setLastPayment(orderNumber, paymentId);
    return {
      status: 201,
      body: { paymentId, amountCents: order.amountCents, channel: body.channel, payUrl },
    };
  });
}

/** The rest of a payment once DynamoDB says PAID: seats SOLD in Redis, no expiry. Idempotent. */
async function finishPaid(d: PaymentDeps, order: OrderRecord): Promise<void> {
  const seats = await orderSeats(d, order);
  if (seats) {
    const { drift } = await d.inventory.confirm(
      order.sessionId,
      order.holdId,
      order.userId,
      seats,
      d.clock.now(),
      idHashesOf(order),
    );
    if (drift > 0)
      logger.error('paid seats held by another hold in Redis', {
        metric: 'SeatDrift',
        orderNumber: order.orderNumber,
        drift,
      });
  }
  await keepProgramSeats(d, order);
  await d.scheduler.cancel(order.holdId).catch(() => undefined);
  // OrderPaid is not published here: it was written with the payment, in the outbox.
}

/**
 * Applies what the provider says about a payment (callback or active check). Every step is
 * a conditional write, so repeats and races lose cleanly:
 *  - FAILED: the payment is FAILED; the order stays payable until it expires;
 *  - SUCCESS on a PENDING_PAYMENT order: PAID, seat states SOLD and OrderPaid (the outbox)
 *    in one transaction, then seats SOLD in Redis and the expiry schedule dropped;
 *  - SUCCESS on an order already paid by this payment: finish what is left (repeat callback);
 *  - SUCCESS on an expired/cancelled order, or a second payment for a paid one: refund it
 *    (REFUND_PENDING until the provider confirms; an expired/cancelled order then ends
 *    REFUNDED). Money is never kept without seats.
 */
export async function applyPaymentResult(
  d: PaymentDeps,
  payment: PaymentRecord,
  result: PaymentResult,
): Promise<void> {
  if (result.status === 'PENDING') return;
  if (result.amountCents !== payment.amountCents) {
    // Never believed: money of another amount is not this payment (Alipay notify rule).
    logger.error('provider result does not match the payment amount', {
      metric: 'PaymentMismatch',
      paymentId: payment.paymentId,
      amountCents: result.amountCents,
    });
    return;
  }
  if (result.status === 'FAILED') {
    await d.payments.markFailed(payment.paymentId);
    count('PaymentFailed');
    return;
  }
  if (result.status === 'CLOSED') {
    await d.payments.markClosed(payment.paymentId, new Date(d.clock.now()).toISOString());
    return;
  }
  const paidAt = result.paidAt ?? new Date(d.clock.now()).toISOString();
  // Counted once per payment; a repeat (callbacks, notifies and checks all arrive more than
  // once) is counted as such, for the dashboard's "callback repeats".
  count(
    (await d.payments.markSucceeded(payment.paymentId, paidAt))
      ? 'PaymentSucceeded'
      : 'PaymentResultRepeated',
  );
  let order = await d.orders.get(payment.orderNumber);
  if (!order) throw new Error(`payment ${payment.paymentId} for missing order ${payment.orderNumber}`);
  if (canMove(order.status, 'pay')) {
    // Exactly one of the racing writers (callbacks, payment-check, expiry, cancel) wins here.
    order = (await d.orders.markPaid(order, payment.paymentId, paidAt, d.clock.now()))
      ? { ...order, status: ORDER_MOVES.pay.to, paidAt, paymentId: payment.paymentId }
      : (await d.orders.get(payment.orderNumber))!;
  }
  if (isSold(order.status) && order.paymentId === payment.paymentId) {
    await finishPaid(d, order);
    return;
  }
  const reason = canMove(order.status, 'refundLatePayment')
    ? `order ${order.status.toLowerCase()} before the payment arrived`
    : 'the order was already paid or ended';
  if (isLate(order.status) || order.paymentId !== payment.paymentId) {
    logger.warn('payment to refund automatically', { paymentId: payment.paymentId, reason });
    await refundPayment(d, payment, reason);
  }
}

const CallbackBody = z.object({
  paymentId: z.string().check(z.minLength(1), z.maxLength(64)),
  orderNumber: z.string().check(z.regex(ORDER_NUMBER_PATTERN)),
  amountCents: z.int().check(z.minimum(0)),
  status: z.enum(['SUCCESS', 'FAILED']),
  paidAt: z.optional(z.iso.datetime({ offset: true })),
});

/**
 * The provider's callback: the HMAC-SHA256 signature of the raw body first (constant time;
 * bad → 401, nothing changed), then the payment, order and amount must match, then apply.
 * A repeat is a 200 no-op.
 */
export async function handleCallback(d: PaymentDeps, rawBody: string, signature: string | undefined) {
  if (!d.paymentProviders.get('sandbox')) throw notFound('Route');
  if (!signatureValid(d.config.paymentSecret(), rawBody, signature)) {
    throw new DomainError('UNAUTHENTICATED', 'The callback signature is not valid');
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (cause) {
    throw new DomainError('MALFORMED_JSON', 'The body is not valid JSON', undefined, { cause });
  }
  const parsed = CallbackBody.safeParse(json);
  if (!parsed.success) throw new DomainError('VALIDATION_FAILED', 'The callback is not valid');
  const cb = parsed.data;
  const payment = await d.payments.get(cb.paymentId);
  if (!payment) throw notFound('Payment');
  if (payment.orderNumber !== cb.orderNumber || payment.amountCents !== cb.amountCents) {
    logger.error('callback does not match the payment', {
      metric: 'PaymentMismatch',
      paymentId: cb.paymentId,
    });
    throw new DomainError('VALIDATION_FAILED', 'The callback does not match the payment', {
      fields: [{ path: 'body', message: 'order number or amount differs from the payment' }],
    });
  }
  const { paymentId, amountCents, status, paidAt } = cb;
  await applyPaymentResult(d, payment, { paymentId, amountCents, status, ...(paidAt ? { paidAt } : {}) });
  return { ok: true as const };
}

/** For a lost callback: ask the provider about the order's latest payment and apply the answer. */
export async function paymentCheck(d: PaymentDeps, principal: Principal, orderNumber: string) {
  const order = await ownOrder(d, principal, orderNumber);
  if (order.lastPaymentId) {
    const payment = await d.payments.get(order.lastPaymentId);
    const result = payment ? await providerOf(d, payment).query(payment.paymentId) : undefined;
    if (payment && result) await applyPaymentResult(d, payment, result);
  }
  return withShow(d, orderView((await d.orders.get(orderNumber))!));
}
