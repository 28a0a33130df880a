import * as z from 'zod/mini';
import { logger } from '#kernel/observability/logger.ts';
import { scheduleHandler } from '#platform/lambda/message-handlers.ts';
import { deps } from '#shared/app/container.ts';
import { expireHold } from '#shared/booking/expiry.ts';

const nonEmpty = z.string().check(z.minLength(1));
const HoldExpiry = z.object({ sessionId: nonEmpty, holdId: nonEmpty });

/** EventBridge Scheduler target: releases one hold at its expiry (throws to be retried if early). */
export const handler = scheduleHandler(
  'hold-release',
  HoldExpiry,
  async (input) => {
    const outcome = await expireHold(deps(), input);
    logger.info('hold expiry processed', { holdId: input.holdId, outcome: outcome.kind });
    return { outcome: outcome.kind };
  },
  // A malformed schedule input will never succeed: logged and dropped, not retried forever.
  { malformed: 'drop' },
);
