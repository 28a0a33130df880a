import * as z from 'zod/mini';
import { VoucherUseSchema } from '#features/vouchers/index.ts';
import { ORDER_NUMBER_PATTERN } from '#kernel/ids.ts';

/**
 * The message the V4 path puts on the order queue, as one schema: the sender encodes with it
 * and the order writer decodes with it, so a field cannot be sent that the writer drops (a
 * hand-written copy of this schema once lost the lines' `idHash`, and with it the real-name
 * rule's release on refund and on a rebuild). The record types derive from it.
 */
const nonEmpty = z.string().check(z.minLength(1));
const natural = z.int().check(z.minimum(0));

export const OrderLineSchema = z.object({
  seatId: nonEmpty,
  section: z.string(),
  row: z.int(),
  col: z.int(),
  tierId: nonEmpty,
  priceCents: natural,
  buyerId: nonEmpty,
  /** Masked: `张*`, `1101**********1234`. Clear PII never leaves the buyer record. */
  buyerName: z.string(),
  buyerIdNumber: z.string(),
  /** The buyer's id hash on ONE_PER_ID sessions: refunds and rebuilds give the id back. */
  idHash: z.optional(nonEmpty),
});

export const OrderMessageSchema = z.object({
  orderNumber: z.string().check(z.regex(ORDER_NUMBER_PATTERN)),
  userId: nonEmpty,
  sessionId: nonEmpty,
  holdId: nonEmpty,
  amountCents: natural,
  lines: z.array(OrderLineSchema).check(z.minLength(1)),
  acceptedAtMs: z.int(),
  expiresAtMs: z.int(),
  discountCents: z.optional(natural),
  voucher: z.optional(VoucherUseSchema),
});

export type OrderLine = z.infer<typeof OrderLineSchema>;
export type OrderMessage = z.infer<typeof OrderMessageSchema>;

/** The queue body: checked against the schema first, so what is sent is what the writer reads. */
export function encodeOrderMessage(message: OrderMessage): string {
  return JSON.stringify(OrderMessageSchema.parse(message));
}

/** The writer's side: throws on a body that is not an order message (the record goes to the DLQ). */
export function decodeOrderMessage(body: string): OrderMessage {
  return OrderMessageSchema.parse(JSON.parse(body));
}
