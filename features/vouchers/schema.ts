import * as z from 'zod/mini';
import {
  count,
  int,
  isoTime,
  list,
  named,
  opt,
  pattern,
  schema,
  TierId,
  time,
} from '#platform/http/schema-kit.ts';

/** The kinds of discount: PERCENT of the eligible seats (1–100), or an AMOUNT in cents off them. */
export const VOUCHER_KINDS = ['PERCENT', 'AMOUNT'] as const;
export type VoucherKind = (typeof VOUCHER_KINDS)[number];

/** A voucher code as buyers type it (any case); stored upper case. */
export const VoucherCode = /* @__PURE__ */ schema(() =>
  pattern(/^[A-Za-z0-9_-]{3,32}$/, '3–32 letters, digits, _ or -'),
);

/**
 * A program's discount code (优惠券) as it is stored and as the API returns it: the one
 * schema the record type, the response and the OpenAPI component come from. Strict, so the
 * contract check catches a field the API does not name.
 */
export const Voucher = /* @__PURE__ */ schema(() =>
  named(
    z.strictObject({
      programId: z.string(),
      /** Upper case, as buyers may type it in any case. */
      code: z.string(),
      kind: z.enum(VOUCHER_KINDS),
      /** PERCENT: 1–100 off; AMOUNT: cents off the order (never below zero). */
      value: z.int(),
      maxUses: z.int(),
      /** Orders holding a use now (cancelled, expired and failed orders give theirs back). */
      used: count,
      perUserOnce: z.boolean(),
      validUntil: z.optional(time),
      /** Only seats of these tiers are discounted (all tiers when absent). */
      tierIds: z.optional(z.array(z.string())),
      createdAt: time,
    }),
    'Voucher',
  ),
);
export type VoucherRecord = z.infer<typeof Voucher>;

export const VoucherList = /* @__PURE__ */ schema(() => z.strictObject({ items: z.array(Voucher) }));

/** `POST /v1/admin/programs/{programId}/vouchers`: the record's fields an organiser sets. */
export const VoucherBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      code: VoucherCode,
      kind: z.enum(VOUCHER_KINDS),
      value: int(1, 100_000_000),
      maxUses: int(1, 10_000_000),
      perUserOnce: opt(z.boolean()),
      validUntil: opt(isoTime),
      tierIds: opt(list(TierId, 1, 20)),
    })
    .check(
      z.refine((v) => v.kind !== 'PERCENT' || v.value <= 100, {
        message: 'a PERCENT voucher takes 1–100',
        path: ['value'],
      }),
    ),
);
export type VoucherInput = z.infer<typeof VoucherBody>;

const nonEmpty = /* @__PURE__ */ schema(() => z.string().check(z.minLength(1)));

/**
 * A use of a voucher by one order: what the order carries (on the order queue's message and
 * in its record) to give it back.
 */
export const VoucherUseSchema = /* @__PURE__ */ schema(() =>
  z.object({
    programId: nonEmpty,
    code: nonEmpty,
    userId: nonEmpty,
    orderNumber: nonEmpty,
    perUserOnce: z.boolean(),
  }),
);
export type VoucherUse = z.infer<typeof VoucherUseSchema>;
