import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
import { sweepExpiredHolds, sweepOverdueOrders } from '#shared/booking/expiry.ts';
import { ensureIdFilter } from '#shared/catalogue/known-ids.ts';

/**
 * One-minute EventBridge rule: releases every overdue hold a schedule missed, expires unpaid
 * orders past their end from DynamoDB (their Redis hold may be gone), counts paid orders
 * without tickets, and rebuilds the id filter if Redis has no complete one (first deploy, or
 * Redis lost its data).
 */
export const handler = withSecrets(async () => {
  const d = deps();
  const swept = await sweepExpiredHolds(d);
  const orders = await sweepOverdueOrders(d);
  return { ...swept, orders, idFilterRebuilt: await ensureIdFilter(d) };
});
