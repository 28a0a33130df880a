import { deps } from '#shared/app/container.ts';
import { withSecrets } from '#shared/config/secrets.ts';
import { logger } from '#shared/http/logger.ts';
import { reconcilePayments } from '#shared/payments/reconcile-payments.ts';

/** Every minute: open payments near their order's end asked about, pending refunds retried. */
export const handler = withSecrets(async () => {
  const report = await reconcilePayments(deps());
  if (report.checked + report.refunded + report.providerErrors > 0)
    logger.info('payments reconciled', { ...report });
  return report;
});
