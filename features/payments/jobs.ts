import { logger } from '#kernel/observability/logger.ts';
import type { DepsOf } from '#platform/http/route.ts';
import { defineRateJob } from '#platform/lambda/jobs.ts';
import { RECHECK_NEAR_END_MS, runInPasses } from '#shared/payments/payment-checks.ts';
import { reconcilePayments } from '#shared/payments/reconcile-payments.ts';

/** Time a pass may take before the run's end (a pass is bounded by its batch and the provider's timeouts). */
const PASS_BUDGET_MS = 20_000;

/**
 * Every minute (the rule's finest rate): open payments due on their check ladder asked about,
 * pending refunds retried; then, while the run has time for it, another pass 30 s later, so a
 * payment's first check comes 30–60 s after it started. Locally the runtime calls this every
 * 30 s with 30 s to live: one pass a call.
 */
export const paymentReconciler = /* @__PURE__ */ defineRateJob({
  kind: 'schedule',
  everySeconds: 60,
  ruleId: 'ReconcilePaymentsEveryMinute',
  reservedConcurrency: 1,
  // Two passes 30 s apart per run: a rule fires once a minute at most, and open payments are
  // due every 30 s on their ladder (shared/payments/payment-checks.ts).
  timeoutSeconds: 75,
  summary:
    'Asks the provider about open payments 30 s, 2 min and 5 min after they start and near their order’s end; retries pending refunds',
  // Pays (seats SOLD, OrderPaid, the expiry schedule dropped) or refunds what the provider says.
  needs: { table: 'readWrite', events: true, scheduler: 'cancel', payments: true },
  run: async (context, d: DepsOf<typeof reconcilePayments>) => {
    const reports = await runInPasses(
      () => reconcilePayments(d),
      () => context.getRemainingTimeInMillis(),
      { everyMs: RECHECK_NEAR_END_MS, budgetMs: PASS_BUDGET_MS },
    );
    const report = reports.reduce((a, b) => ({
      checked: a.checked + b.checked,
      recovered: a.recovered + b.recovered,
      closed: a.closed + b.closed,
      refunded: a.refunded + b.refunded,
      refundsPending: b.refundsPending,
      providerErrors: a.providerErrors + b.providerErrors,
    }));
    if (report.checked + report.refunded + report.providerErrors > 0)
      logger.info('payments reconciled', { ...report, passes: reports.length });
    return report;
  },
});

/** The feature's background functions by name (functions/<name>/index.ts). */
export const PAYMENTS_JOBS = { 'payment-reconciler': paymentReconciler };
