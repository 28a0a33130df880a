import { logger } from '#kernel/observability/logger.ts';
import { queueHandler } from '#platform/lambda/message-handlers.ts';
import { deps } from '#shared/app/container.ts';
import { runCancellationStep } from '#shared/orders/session-cancel.ts';
import { decodeJobStep } from '#shared/queue/job-messages.ts';
import { runReindexStep } from '#shared/search/reindex.ts';

/**
 * One step of an organiser job (a session's cancellation, a search reindex), then the next
 * step queued. A throw (a dependency down, a crash) leaves the message to come back after its
 * visibility timeout: the step is run again from what the records say.
 */
export const handler = queueHandler(decodeJobStep, async (step, record) => {
  const receiveCount = record.attributes.ApproximateReceiveCount;
  if (step.kind === 'cancel-session') {
    const outcome = await runCancellationStep(deps(), step);
    logger.info('cancellation step', { sessionId: step.sessionId, outcome, receiveCount });
  } else {
    const outcome = await runReindexStep(deps(), step);
    logger.info('reindex step', { reindexId: step.reindexId, outcome, receiveCount });
  }
});
