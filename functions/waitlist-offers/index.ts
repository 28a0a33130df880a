import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger } from '#kernel/observability/logger.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
import { offerReleasedSeats } from '#shared/waitlist/waitlist.ts';

const Detail = z.object({ sessionId: z.string().check(z.regex(/^[a-z0-9]{1,40}$/)) });

/** EventBridge rule target for SeatsReleased: offers the released seats to the session's waitlists. */
export const handler = withSecrets(async (event: EventBridgeEvent<'SeatsReleased', unknown>) => {
  const parsed = Detail.safeParse(event.detail);
  if (!parsed.success) {
    // A malformed event never becomes valid: log and drop rather than retry it.
    logger.error('waitlist-offers got a malformed event', { event: JSON.stringify(event) });
    return { offered: 0, closed: 0 };
  }
  const result = await offerReleasedSeats(deps(), parsed.data.sessionId);
  if (result.offered + result.closed > 0) logger.info('waitlist served', { ...parsed.data, ...result });
  return result;
});
