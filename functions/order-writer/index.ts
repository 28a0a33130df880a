import { logger } from '#kernel/observability/logger.ts';
import { queueHandler } from '#platform/lambda/message-handlers.ts';
import { deps } from '#shared/app/container.ts';
import { decodeOrderMessage } from '#shared/orders/order-message.ts';
import { writeOrder } from '#shared/orders/write-order.ts';

/** The order queue, with partial batch responses: one record parsed, then the idempotent write. */
export const handler = queueHandler(decodeOrderMessage, async (message, record) => {
  const result = await writeOrder(deps(), message);
  logger.info('order message processed', {
    orderNumber: message.orderNumber,
    result,
    receiveCount: record.attributes.ApproximateReceiveCount,
  });
});
