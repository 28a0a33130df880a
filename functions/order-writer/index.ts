import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#kernel/observability/logger.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
import { decodeOrderMessage } from '#shared/orders/order-message.ts';
import { writeOrder } from '#shared/orders/write-order.ts';

const processor = new BatchProcessor(EventType.SQS);

/** One record: parse, then the idempotent write. A throw fails only this record (retried, then DLQ). */
async function recordHandler(record: SQSRecord): Promise<void> {
  const message = decodeOrderMessage(record.body);
  const result = await writeOrder(deps(), message);
  logger.info('order message processed', {
    orderNumber: message.orderNumber,
    result,
    receiveCount: record.attributes.ApproximateReceiveCount,
  });
}

/** SQS event source with partial batch responses: failed records come back, the rest are done. */
export const handler = withSecrets(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context }),
);
