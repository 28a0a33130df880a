import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { deps } from '#shared/app/container.ts';
import { withSecrets } from '#shared/config/secrets.ts';
import { logger } from '#shared/http/logger.ts';
import { writeOrder } from '#shared/orders/write-order.ts';
import type { OrderMessage } from '#shared/ports/orders.ts';

const processor = new BatchProcessor(EventType.SQS);

const Message: z.ZodType<OrderMessage> = z.object({
  orderNumber: z.string().regex(/^\d{1,19}$/),
  userId: z.string().min(1),
  sessionId: z.string().min(1),
  holdId: z.string().min(1),
  amountCents: z.number().int().min(0),
  lines: z
    .array(
      z.object({
        seatId: z.string(),
        section: z.string(),
        row: z.number().int(),
        col: z.number().int(),
        tierId: z.string(),
        priceCents: z.number().int(),
        buyerId: z.string(),
        buyerName: z.string(),
        buyerIdNumber: z.string(),
      }),
    )
    .min(1),
  acceptedAtMs: z.number().int(),
  expiresAtMs: z.number().int(),
  discountCents: z.number().int().min(0).optional(),
  voucher: z
    .object({
      programId: z.string().min(1),
      code: z.string().min(1),
      userId: z.string().min(1),
      orderNumber: z.string().min(1),
      perUserOnce: z.boolean(),
    })
    .optional(),
});

/** One record: parse, then the idempotent write. A throw fails only this record (retried, then DLQ). */
async function recordHandler(record: SQSRecord): Promise<void> {
  const message = Message.parse(JSON.parse(record.body));
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
