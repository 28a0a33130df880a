import { mightExist, programChanged, type SessionRecord } from '#features/sessions/index.ts';
import { notFound } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import type { Deps } from '#shared/app/deps.ts';
import { cancelUnpaid } from '#shared/orders/order-changes.ts';
import { afterRefund, refundPayment } from '#shared/payments/refunds.ts';
import type { OrderRecord, OrderStatus } from '#shared/ports/orders.ts';

export type CancelDeps = Pick<
  Deps,
  | 'catalogue'
  | 'inventory'
  | 'orders'
  | 'payments'
  | 'paymentProviders'
  | 'tickets'
  | 'programLimits'
  | 'events'
  | 'clock'
  | 'scheduler'
  | 'jobQueue'
  | 'programFollowers'
  | 'idFilter'
  | 'once'
  | 'vouchers'
  | 'catalogueReads'
>;

/**
 * An organiser cancels a session: `POST /v1/admin/sessions/{id}/cancel`.
 *
 * The session becomes CANCELLING in DynamoDB (one conditional write: the first reason stands)
 * and CANCELLED in Redis (the hold script refuses new holds from this moment), the listing
 * drops it, and the job queue gets its first step. Repeating the call changes nothing but
 * sends another step, which is how a stalled job is nudged by hand.
 */
export async function cancelSession(d: CancelDeps, sessionId: string, reason: string) {
  if (!(await mightExist(d, sessionId))) throw notFound('Session');
  const session = await d.catalogue.getSession(sessionId);
  if (!session) throw notFound('Session');
  const nowIso = new Date(d.clock.now()).toISOString();
  if (session.status !== 'CANCELLED') {
    await d.catalogue.beginCancellation(sessionId, reason, nowIso);
    await d.inventory.setSaleWindow(sessionId, { status: 'CANCELLED' });
    await d.catalogueReads.changed('session', sessionId);
    await relist(d, session.programId);
    await d.jobQueue.continueCancellation(sessionId);
  }
  const now = (await d.catalogue.getSession(sessionId)) ?? session;
  return {
    sessionId,
    status: now.status,
    reason: now.cancellation?.reason ?? reason,
    requestedAt: now.cancellation?.requestedAt ?? nowIso,
    ...(now.cancellation?.finishedAt ? { finishedAt: now.cancellation.finishedAt } : {}),
  };
}

async function relist(d: CancelDeps, programId: string): Promise<void> {
  await programChanged(d, programId);
  d.programFollowers.edited();
  const program = await d.catalogue.getProgram(programId);
  if (!program) return;
  await d.programFollowers.list(program).catch((err: unknown) =>
    logger.warn('search index not updated after a cancel; the next change updates it', {
      programId,
      error: String(err),
    }),
  );
}

/** What one step did, and what it found still to do. */
export interface CancelProgress {
  holdsReleased: number;
  ordersCancelled: number;
  refundsRequested: number;
  refundsFinished: number;
  /** Work that is not this job's to do now: ordered holds whose order is still being written. */
  waiting: number;
  /** Paid orders whose refund the provider has not confirmed (the payment reconciler retries them). */
  refundsPending: number;
  /** The step stopped at its time budget with work left. */
  unfinished: boolean;
}

export type StepOutcome =
  | { kind: 'not-cancelling' }
  | { kind: 'busy' }
  | { kind: 'finished'; progress: CancelProgress }
  | { kind: 'continue'; progress: CancelProgress; quiet: number; delaySeconds: number };

/** Orders worked on at once (each a few DynamoDB writes and maybe a provider call). */
const PARALLEL = 8;

/** Runs `work` over `items`, `PARALLEL` at a time, until `stop()` says the budget is spent. */
async function eachInParallel<T>(items: T[], stop: () => boolean, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: PARALLEL }, lane));
}

/**
 * One step of a session's cancellation (the job queue's consumer runs it for each message).
 *
 * The work list is never kept by the job: each step reads it from the records (orders by
 * session and status in GSI2, holds from the session's expiry index in Redis) and every
 * action is a conditional move that a repeat finds already made. So a step that crashed
 * anywhere — between the provider's refund and our record of it included — is simply run
 * again: the order moves refuse a second move, the payment refunds once (SUCCEEDED →
 * REFUND_PENDING is conditional, and the provider's refund is idempotent per payment), and
 * the notifications go once per fact. A lease in Redis keeps two deliveries of the step from
 * working side by side (the second drops; the first sends the next step).
 *
 * The job ends (CANCELLED) after two steps in a row, a few seconds apart, found nothing to
 * do: the second covers moves the index had not shown yet (GSI2 is eventually consistent).
 * Refunds the provider has not confirmed stay with the payment reconciler (`refundsPending`).
 */
export async function cancellationStep(
  d: CancelDeps,
  sessionId: string,
  opts: { quiet?: number; budgetMs?: number; batch?: number } = {},
): Promise<StepOutcome> {
  const session = await d.catalogue.getSession(sessionId);
  if (session?.status !== 'CANCELLING') return { kind: 'not-cancelling' };
  const budgetMs = opts.budgetMs ?? 20_000;
  // Outlives the step (it may overrun its budget by the orders in hand); a crashed step's
  // lease runs out long before SQS shows its message again (visibility 6 minutes).
  const lease = `cancel-lease:${sessionId}`;
  if (!(await d.once.first(lease, Math.ceil((2 * budgetMs) / 1000) + 10))) return { kind: 'busy' };
  try {
    const progress = await workOn(d, session, budgetMs, opts.batch ?? 200);
    const acted =
      progress.holdsReleased +
        progress.ordersCancelled +
        progress.refundsRequested +
        progress.refundsFinished >
      0;
    if (progress.unfinished || acted) return { kind: 'continue', progress, quiet: 0, delaySeconds: 0 };
    if (progress.waiting > 0) return { kind: 'continue', progress, quiet: 0, delaySeconds: 5 };
    const quiet = (opts.quiet ?? 0) + 1;
    if (quiet < 2) return { kind: 'continue', progress, quiet, delaySeconds: 3 };
    await d.catalogue.finishCancellation(sessionId, new Date(d.clock.now()).toISOString());
    await d.catalogueReads.changed('session', sessionId);
    count('SessionCancelled');
    logger.info('session cancelled', { sessionId, refundsPending: progress.refundsPending });
    return { kind: 'finished', progress };
  } finally {
    await d.once.forget(lease);
  }
}

async function workOn(
  d: CancelDeps,
  session: SessionRecord,
  budgetMs: number,
  batch: number,
): Promise<CancelProgress> {
  const started = Date.now();
  const spent = () => Date.now() - started > budgetMs;
  const reason = session.cancellation?.reason ?? 'cancelled by the organiser';
  const p: CancelProgress = {
    holdsReleased: 0,
    ordersCancelled: 0,
    refundsRequested: 0,
    refundsFinished: 0,
    waiting: 0,
    refundsPending: 0,
    unfinished: false,
  };
  const sessionId = session.sessionId;
  const ordersIn = (status: OrderStatus, limit = batch) =>
    d.orders.sessionOrderNumbers(sessionId, status, limit);
  const load = async (orderNumber: string) => d.orders.get(orderNumber);
  const tell = (order: OrderRecord, refund: boolean) =>
    d.events.publish([
      {
        type: 'SessionCancelled',
        detail: { orderNumber: order.orderNumber, userId: order.userId, sessionId, reason, refund },
      },
    ]);

  // 1. Unpaid orders: cancelled (a payment that wins the race makes the order PAID: step 2).
  await eachInParallel(await ordersIn('PENDING_PAYMENT'), spent, async (n) => {
    const order = await load(n);
    if (order?.status !== 'PENDING_PAYMENT') return;
    // Told before the move: a crash after it would leave no trace to tell from (the notifier
    // sends once per order, so a repeat is dropped).
    await tell(order, false);
    if (await cancelUnpaid(d, order, 'admin')) p.ordersCancelled++;
  });

  // 2. Paid orders: REFUND_PENDING (by the organiser, tickets used or not), tickets void at
  //    once (the gate refuses them), the money back through the provider.
  for (const status of ['PAID', 'TICKETED'] as const) {
    if (spent()) break;
    await eachInParallel(await ordersIn(status), spent, async (n) => {
      const order = await load(n);
      if (order?.status !== status) return;
      const nowIso = new Date(d.clock.now()).toISOString();
      await tell(order, true);
      if (!(await d.orders.transition(n, 'cancelRefund', nowIso, 'admin'))) return;
      await d.tickets.voidAll(n);
      p.refundsRequested++;
      await refundOf(d, { ...order, status: 'REFUND_PENDING' }, reason, p);
    });
  }

  // 3. Orders already REFUND_PENDING: finish what a crash interrupted (money not asked back
  //    yet, or refunded at the provider with the order not finished); refunds the provider
  //    has not confirmed are the payment reconciler's, counted as pending.
  if (!spent()) {
    const pending = await ordersIn('REFUND_PENDING', Number.MAX_SAFE_INTEGER);
    await eachInParallel(pending, spent, async (n) => {
      const order = await load(n);
      if (order?.status !== 'REFUND_PENDING') return;
      await d.tickets.voidAll(n);
      await refundOf(d, order, reason, p);
    });
  }

  // 4. Holds with no order: released. An ordered hold's order is still being written; its
  //    order is cancelled by a later step (or the hold expires, if the message never lands).
  if (!spent()) {
    const holdIds = await d.inventory.overdueHolds(sessionId, Number.MAX_SAFE_INTEGER, 10_000);
    await eachInParallel(holdIds, spent, async (holdId) => {
      const hold = await d.inventory.getHold(sessionId, holdId);
      if (hold?.status !== 'ACTIVE') {
        await d.inventory.forgetExpiry(sessionId, holdId);
        return;
      }
      if (hold.orderNumber) {
        p.waiting++;
        return;
      }
      // As the holder: the script refuses if an order took the hold meanwhile.
      const out = await d.inventory.release(sessionId, holdId, {
        reason: 'RELEASED',
        requesterUserId: hold.userId,
        nowMs: d.clock.now(),
      });
      if (out.kind === 'released') {
        p.holdsReleased++;
        await d.scheduler.cancel(holdId).catch(() => undefined);
      } else if (out.kind === 'ordered') {
        p.waiting++;
      }
    });
  }
  p.unfinished = spent();
  return p;
}

/** The money of a REFUND_PENDING order of the cancelled session, from wherever it stands. */
async function refundOf(d: CancelDeps, order: OrderRecord, reason: string, p: CancelProgress) {
  const payment = order.paymentId ? await d.payments.get(order.paymentId) : undefined;
  if (!payment) return;
  if (payment.status === 'SUCCEEDED') {
    // SUCCEEDED → REFUND_PENDING is conditional: a repeat of this step cannot ask twice.
    if (await refundPayment(d, payment, `session cancelled: ${reason}`)) p.refundsFinished++;
    else p.refundsPending++;
  } else if (payment.status === 'REFUNDED') {
    // Refunded at the provider, the order not finished: finish it without asking again.
    await afterRefund(d, payment);
    p.refundsFinished++;
  } else if (payment.status === 'REFUND_PENDING') {
    p.refundsPending++;
  }
}

/** A job-queue message's step, and the next one queued while work remains. */
export async function runCancellationStep(
  d: CancelDeps,
  step: { sessionId: string; quiet: number },
  opts: { budgetMs?: number; batch?: number } = {},
): Promise<StepOutcome> {
  const outcome = await cancellationStep(d, step.sessionId, { ...opts, quiet: step.quiet });
  if (outcome.kind === 'continue') {
    await d.jobQueue.continueCancellation(step.sessionId, {
      delaySeconds: outcome.delaySeconds,
      quiet: outcome.quiet,
    });
  }
  return outcome;
}
