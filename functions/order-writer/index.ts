import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { deps } from '#shared/app/container.ts';
import { withSecrets } from '#shared/config/secrets.ts';
import { logger } from '#shared/http/logger.ts';
import { writeOrder } from '#shared/orders/write-order.ts';
import type { OrderMessage } from '#shared/ports/orders.ts';

const processor = new BatchProcessor(EventType.SQS);

const nonEmpty = z.string().check(z.minLength(1));
const natural = z.int().check(z.minimum(0));
const Message: z.ZodMiniType<OrderMessage> = z.object({
  orderNumber: z.string().check(z.regex(/^\d{1,19}$/)),
  userId: nonEmpty,
  sessionId: nonEmpty,
  holdId: nonEmpty,
  amountCents: natural,
  lines: z
    .array(
      z.object({
        seatId: z.string(),
        section: z.string(),
        row: z.int(),
        col: z.int(),
        tierId: z.string(),
        priceCents: z.int(),
        buyerId: z.string(),
        buyerName: z.string(),
        buyerIdNumber: z.string(),
      }),
    )
    .check(z.minLength(1)),
  acceptedAtMs: z.int(),
  expiresAtMs: z.int(),
  discountCents: z.optional(natural),
  voucher: z.optional(
    z.object({
      programId: nonEmpty,
      code: nonEmpty,
      userId: nonEmpty,
      orderNumber: nonEmpty,
      perUserOnce: z.boolean(),
    }),
  ),
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
