import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#kernel/observability/logger.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
import { relayOutbox, type StreamRecord } from '#shared/events/outbox-relay.ts';

/**
 * The table's stream, filtered to outbox inserts: each event onto the bus. A refused batch is
 * reported from its first record, which the event source delivers again (nothing after it first).
 */
export const handler = withSecrets(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { batchItemFailures, relayed } = await relayOutbox(deps(), event.Records as StreamRecord[]);
  if (relayed > 0)
    logger.info('outbox relayed', { relayed, failedFrom: batchItemFailures[0]?.itemIdentifier });
  return { batchItemFailures };
});
