import { offerReleasedSeats } from '#features/waitlist/index.ts';
import { logger } from '#kernel/observability/logger.ts';
import { eventHandler } from '#platform/lambda/message-handlers.ts';
import { deps } from '#shared/app/container.ts';

/** EventBridge rule target for SeatsReleased: offers the released seats to the session's waitlists. */
export const handler = eventHandler(
  'waitlist-offers',
  ['SeatsReleased'],
  async ({ detail: { sessionId } }) => {
    const result = await offerReleasedSeats(deps(), sessionId);
    if (result.offered + result.closed > 0) logger.info('waitlist served', { sessionId, ...result });
    return result;
  },
  // The seats are on sale anyway: a malformed event is logged and dropped.
  { malformed: 'drop' },
);
