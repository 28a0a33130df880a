import type { Context } from 'aws-lambda';
import { logger } from '#kernel/observability/logger.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
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
export const handler = withSecrets(async (_event: unknown, context: Context) => {
  const reports = await runInPasses(
    () => reconcilePayments(deps()),
    () => context.getRemainingTimeInMillis(),
    {
      everyMs: RECHECK_NEAR_END_MS,
      budgetMs: PASS_BUDGET_MS,
    },
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
});
