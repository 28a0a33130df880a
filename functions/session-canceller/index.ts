import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { deps } from '#shared/app/container.ts';
import { runCancellationStep } from '#shared/catalogue/session-cancel.ts';
import { withSecrets } from '#shared/config/secrets.ts';
import { logger } from '#shared/http/logger.ts';
import type { CancellationStep } from '#shared/ports/jobs.ts';

const processor = new BatchProcessor(EventType.SQS);

const Step: z.ZodMiniType<CancellationStep> = z.object({
  kind: z.literal('cancel-session'),
  sessionId: z.string().check(z.minLength(1)),
  quiet: z._default(z.int().check(z.minimum(0)), 0),
});

/**
 * One step of a session's cancellation, then the next step queued. A throw (a dependency
 * down, a crash) leaves the message to come back after its visibility timeout: the step is
 * run again from what the records say.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const step = Step.parse(JSON.parse(record.body));
  const outcome = await runCancellationStep(deps(), step);
  logger.info('cancellation step', {
    sessionId: step.sessionId,
    outcome,
    receiveCount: record.attributes.ApproximateReceiveCount,
  });
}

export const handler = withSecrets(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context }),
);
