import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#kernel/observability/logger.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
import { runCancellationStep } from '#shared/catalogue/session-cancel.ts';
import { decodeJobStep } from '#shared/queue/job-messages.ts';
import { runReindexStep } from '#shared/search/reindex.ts';

const processor = new BatchProcessor(EventType.SQS);

/**
 * One step of an organiser job (a session's cancellation, a search reindex), then the next
 * step queued. A throw (a dependency down, a crash) leaves the message to come back after its
 * visibility timeout: the step is run again from what the records say.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const step = decodeJobStep(record.body);
  const receiveCount = record.attributes.ApproximateReceiveCount;
  if (step.kind === 'cancel-session') {
    const outcome = await runCancellationStep(deps(), step);
    logger.info('cancellation step', { sessionId: step.sessionId, outcome, receiveCount });
  } else {
    const outcome = await runReindexStep(deps(), step);
    logger.info('reindex step', { reindexId: step.reindexId, outcome, receiveCount });
  }
}

export const handler = withSecrets(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context }),
);
