import { deps } from '#shared/app/container.ts';
import { sweepExpiredHolds } from '#shared/booking/expiry.ts';
import { withSecrets } from '#shared/config/secrets.ts';

/** One-minute EventBridge rule: releases every overdue hold a schedule missed. */
export const handler = withSecrets(async () => sweepExpiredHolds(deps()));
