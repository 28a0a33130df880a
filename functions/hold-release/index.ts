import * as z from 'zod/mini';
import { logger } from '#kernel/observability/logger.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
import { expireHold } from '#shared/booking/expiry.ts';

const nonEmpty = z.string().check(z.minLength(1));
const Event = z.object({ sessionId: nonEmpty, holdId: nonEmpty });

/** EventBridge Scheduler target: releases one hold at its expiry (throws to be retried if early). */
export const handler = withSecrets(async (event: unknown) => {
  const parsed = Event.safeParse(event);
  if (!parsed.success) {
    // A malformed schedule input will never succeed: log and drop instead of retrying forever.
    logger.error('hold-release got a malformed event', { event: JSON.stringify(event) });
    return { outcome: 'malformed' };
  }
  const outcome = await expireHold(deps(), parsed.data);
  logger.info('hold expiry processed', { holdId: parsed.data.holdId, outcome: outcome.kind });
  return { outcome: outcome.kind };
});
