import { expireEndedSessionData } from '#features/sessions/index.ts';
import { giveBackVoucher } from '#features/vouchers/index.ts';
import type { DomainEvent } from '#kernel/events.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count, paidNotTicketed, releaseLag } from '#kernel/observability/metrics.ts';
import type { Deps } from '#shared/app/deps.ts';
import { publishAfterCommit } from '#shared/booking/publish.ts';
import { canMove, isPaid } from '#shared/orders/order-status.ts';
import { providerOf } from '#shared/payments/payment-providers.ts';
import { applyPaymentResult, type PaymentDeps } from '#shared/payments/payments.ts';
import type { HoldExpiryEvent } from '#shared/ports/hold-expiry-scheduler.ts';
import type { OrderRecord } from '#shared/ports/orders.ts';
import type { PaymentResult } from '#shared/ports/payments.ts';
import type { ReleaseOutcome } from '#shared/ports/seat-inventory.ts';

export type ExpiryDeps = Pick<
  Deps,
  'inventory' | 'clock' | 'events' | 'orders' | 'vouchers' | 'catalogue' | 'waitingRoom'
> &
  PaymentDeps;

/** How long past an order's end a provider that does not answer may delay its expiry. */
const PROVIDER_GRACE_MS = 5 * 60_000;

/**
 * Before an unpaid order expires, its open payment is asked about: a payment the provider
 * took (its notify lost or late) makes the order paid instead. A provider that does not
 * answer delays the expiry (the release is retried) for at most PROVIDER_GRACE_MS; after
 * that the seats go back, and a success reported later is refunded by the reconciler.
 */
async function paidAtProvider(d: ExpiryDeps, order: OrderRecord, nowMs: number): Promise<boolean> {
  const payment = order.lastPaymentId ? await d.payments.get(order.lastPaymentId) : undefined;
  if (payment?.status === 'SUCCEEDED') {
    // The provider already said paid and another worker (notify, reconciler) is between
    // recording the payment and paying the order: finish that move here, never expire.
    await applyPaymentResult(d, payment, {
      paymentId: payment.paymentId,
      amountCents: payment.amountCents,
      status: 'SUCCESS',
      ...(payment.paidAt ? { paidAt: payment.paidAt } : {}),
    });
    return true;
  }
  if (!payment || (payment.status !== 'CREATED' && payment.status !== 'FAILED')) return false;
  let result: PaymentResult | undefined;
  try {
    result = await providerOf(d, payment).query(payment.paymentId);
  } catch (error) {
    if (nowMs - Date.parse(order.expiresAt) < PROVIDER_GRACE_MS) throw error;
    logger.warn('provider unreachable at expiry; expiring anyway (a late success is refunded)', {
      orderNumber: order.orderNumber,
      error: error as Error,
    });
    return false;
  }
  if (result?.status !== 'SUCCESS') return false;
  await applyPaymentResult(d, payment, result);
  return true;
}

export type ExpiryOutcome = ReleaseOutcome | { kind: 'paid'; orderNumber: string };

/**
 * An unpaid order at its end, in DynamoDB: its open payment asked first (paid → it stays
 * paid); otherwise PENDING_PAYMENT → EXPIRED with its seat states deleted (conditional on the
 * status and the holdId) and its voucher use given back. A payment that won the race keeps
 * the order paid. What happens to the seats in Redis is the caller's.
 */
async function expireOrder(
  d: ExpiryDeps,
  order: OrderRecord,
  now: number,
): Promise<'paid' | 'expired' | 'other'> {
  if (canMove(order.status, 'expire')) {
    if (await paidAtProvider(d, order, now)) return 'paid';
    if (await d.orders.endUnpaid(order, 'expire', new Date(now).toISOString())) {
      await giveBackVoucher(d, order);
      return 'expired';
    }
    const again = await d.orders.get(order.orderNumber);
    return again && isPaid(again.status) ? 'paid' : 'other';
  }
  return isPaid(order.status) ? 'paid' : 'other';
}

export class HoldNotYetExpiredError extends Error {
  constructor(
    readonly holdId: string,
    readonly expiresAtMs: number,
  ) {
    super(`hold ${holdId} expires at ${new Date(expiresAtMs).toISOString()}`);
    this.name = 'HoldNotYetExpiredError';
  }
}

/**
 * The release of one hold at its expiry (the Scheduler's target, and the sweeper's step).
 * Idempotent: a hold already released, confirmed or expired is left alone; firing early
 * throws, so the scheduler retries. For a hold that an order took over:
 *  1. PENDING_PAYMENT → EXPIRED in DynamoDB and its seat states deleted (conditional on the
 *     state and the holdId) — a payment that won the race keeps its seats;
 *  2. then the seats are released in Redis.
 */
export async function expireHold(d: ExpiryDeps, event: HoldExpiryEvent): Promise<ExpiryOutcome> {
  const now = d.clock.now();
  const hold = await d.inventory.getHold(event.sessionId, event.holdId);
  if (hold?.status === 'ACTIVE' && hold.expiresAtMs > now)
    throw new HoldNotYetExpiredError(event.holdId, hold.expiresAtMs);
  if (hold?.status === 'ACTIVE' && hold.orderNumber) {
    const order = await d.orders.get(hold.orderNumber);
    if (order && (await expireOrder(d, order, now)) === 'paid')
      return { kind: 'paid', orderNumber: order.orderNumber };
  }
  const outcome = await d.inventory.release(event.sessionId, event.holdId, { reason: 'EXPIRED', nowMs: now });
  if (outcome.kind === 'not-expired-yet') throw new HoldNotYetExpiredError(event.holdId, outcome.expiresAtMs);
  if (outcome.kind === 'released') {
    if (hold) releaseLag((now - hold.expiresAtMs) / 1000);
    await publishAfterCommit(d, [
      { type: 'SeatsReleased', detail: { ...event, reason: 'EXPIRED', seats: outcome.freedSeats } },
    ]);
  }
  return outcome;
}

/**
 * The sweeper (one-minute rule in AWS, an interval locally): expires every overdue hold of
 * every open session, orders included, so a schedule that never fired costs at most one
 * sweep of lag. One hold failing does not stop the others.
 */
export async function sweepExpiredHolds(
  d: ExpiryDeps,
  batchSize = 500,
): Promise<{ released: number; seats: number; retired: number }> {
  const now = d.clock.now();
  let released = 0;
  let seats = 0;
  let retired = 0;
  const failed: string[] = [];
  for (const sessionId of await d.inventory.openSessions()) {
    for (;;) {
      const overdue = (await d.inventory.overdueHolds(sessionId, now, batchSize)).filter(
        (h) => !failed.includes(h),
      );
      if (overdue.length === 0) break;
      const events: DomainEvent[] = [];
      // The same deps with the bus buffered. Not a spread: that would call every lazy getter
      // of the composition, reading keys this function cannot (and need not) read.
      const buffered: ExpiryDeps = Object.create(d, {
        events: { value: { publish: async (e: DomainEvent[]) => void events.push(...e) } },
      });
      for (const holdId of overdue) {
        try {
          const outcome = await expireHold(buffered, { sessionId, holdId });
          if (outcome.kind === 'released') {
            released++;
            seats += outcome.freedSeats;
          } else if (
            outcome.kind === 'not-found' ||
            outcome.kind === 'already-ended' ||
            outcome.kind === 'paid'
          ) {
            await d.inventory.forgetExpiry(sessionId, holdId);
          }
        } catch (error) {
          failed.push(holdId);
          logger.error('sweeper could not expire a hold', { sessionId, holdId, error: error as Error });
        }
      }
      await publishAfterCommit(d, events);
      if (overdue.length < batchSize) break;
    }
    // A session whose sale is over and whose last hold has run out needs no more sweeping
    // (without this the open set only grew). Not retiring it costs a wasted look next minute.
    if (
      !failed.length &&
      (await d.inventory.retireIfEnded(sessionId, now).catch((error: unknown) => {
        logger.warn('could not retire an ended session from the open set', {
          sessionId,
          error: String(error),
        });
        return false;
      }))
    ) {
      retired++;
      // Its data leaves Redis after the show and the grace (check-in, refunds, reconcile first).
      await expireEndedSessionData(d, sessionId, now);
    }
  }
  // Holds the sweeper had to release are schedules that did not fire: worth watching.
  count('HoldsReleasedBySweeper', released);
  if (released > 0) logger.info('sweeper released overdue holds', { released, seats });
  if (retired > 0) logger.info('sweeper retired ended sessions', { retired });
  return { released, seats, retired };
}

/** Past its end by this much, an unpaid order is the DynamoDB sweep's: its schedule and the hold sweep had their turn. */
export const OVERDUE_ORDER_GRACE_MS = 2 * 60_000;
/** Paid this long ago without tickets, an order counts toward the paid-not-ticketed alarm. */
export const UNTICKETED_AFTER_MS = 2 * 60_000;
/** Paid this long ago without tickets, its OrderPaid is sent once more. */
export const TICKETS_NUDGE_AFTER_MS = 10 * 60_000;
const ORDER_SWEEP_BATCH = 100;

/**
 * The sweeper's second half, from DynamoDB alone: unpaid orders past their end (the table's
 * `unpaid` work list) are expired even when Redis lost their hold record, so no order waits
 * forever in PENDING_PAYMENT; their seats are released in Redis if it still has them. Paid
 * orders without tickets are counted (the PaidNotTicketed metric: alarm at 100) and, after
 * ten minutes, their OrderPaid is sent once more (the issuer is idempotent).
 */
export async function sweepOverdueOrders(
  d: ExpiryDeps,
): Promise<{ expired: number; paid: number; unticketed: number; nudged: number }> {
  const now = d.clock.now();
  let expired = 0;
  let paid = 0;
  const due = await d.orders.dueOrders(
    'unpaid',
    new Date(now - OVERDUE_ORDER_GRACE_MS).toISOString(),
    ORDER_SWEEP_BATCH,
  );
  for (const orderNumber of due) {
    try {
      const order = await d.orders.get(orderNumber);
      if (!order) continue;
      const outcome = await expireOrder(d, order, now);
      if (outcome === 'paid') paid++;
      if (outcome !== 'expired') continue;
      expired++;
      const released = await d.inventory.release(order.sessionId, order.holdId, {
        reason: 'EXPIRED',
        nowMs: now,
      });
      if (released.kind === 'released')
        await publishAfterCommit(d, [
          {
            type: 'SeatsReleased',
            detail: {
              sessionId: order.sessionId,
              holdId: order.holdId,
              reason: 'EXPIRED',
              seats: released.freedSeats,
            },
          },
        ]);
    } catch (error) {
      logger.error('sweeper could not expire an overdue order', { orderNumber, error: error as Error });
    }
  }
  if (expired > 0) {
    count('OrdersExpiredByScan', expired);
    logger.warn(
      'sweeper expired unpaid orders past their end from DynamoDB (their hold was gone or missed)',
      {
        expired,
      },
    );
  }
  const unticketed = await d.orders.countDue('unticketed', new Date(now - UNTICKETED_AFTER_MS).toISOString());
  paidNotTicketed(unticketed);
  let nudged = 0;
  for (const orderNumber of await d.orders.dueOrders(
    'unticketed',
    new Date(now - TICKETS_NUDGE_AFTER_MS).toISOString(),
    ORDER_SWEEP_BATCH,
  )) {
    const order = await d.orders.get(orderNumber);
    if (!order || !canMove(order.status, 'issueTickets')) continue;
    if (await d.orders.nudgeOnce(order, new Date(now).toISOString())) nudged++;
  }
  if (unticketed > 0) logger.warn('paid orders without tickets', { unticketed, nudged });
  return { expired, paid, unticketed, nudged };
}
