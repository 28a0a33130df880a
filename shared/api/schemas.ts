import * as z from 'zod';
import { ID_PATTERN } from '#shared/ids.ts';
import { ORDER_STATUSES } from '#shared/orders/order-status.ts';
import { PAYMENT_CHANNELS } from '#shared/ports/payments.ts';

/**
 * Request schemas of the HTTP API. The handlers validate with them and the OpenAPI
 * document is generated from them, so the contract and the checks cannot drift apart.
 */
const trimmed = (max: number) => z.string().trim().min(1).max(max);
export const Id = z.string().regex(ID_PATTERN, 'not a valid id');
export const HoldIdParam = z.string().regex(/^[a-z0-9]{1,40}_[0-9a-f]{12}$/, 'not a valid hold id');
export const TierId = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'letters, digits, _ or -, at most 16');
const isoTime = z.iso.datetime({ offset: true });

/** An ALTCHA solution: base64 of the JSON `{algorithm, challenge, number, salt, signature}`. */
export const Captcha = z.string().min(1).max(1024);

export const RegisterBody = z.strictObject({
  mobile: z.string().regex(/^1[3-9]\d{9}$/, 'a mainland China mobile number, 11 digits'),
  email: z.email().max(254).optional(),
  password: z.string().min(8).max(128),
  name: trimmed(32),
  captcha: Captcha.optional(),
});

export const LoginBody = z
  .strictObject({
    mobile: z
      .string()
      .regex(/^1[3-9]\d{9}$/)
      .optional(),
    email: z.email().max(254).optional(),
    password: z.string().min(1).max(128),
    captcha: Captcha.optional(),
  })
  .refine((b) => (b.mobile === undefined) !== (b.email === undefined), 'send exactly one of mobile or email');

export const BuyerBody = z.strictObject({
  name: trimmed(32),
  idType: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]),
  idNumber: z.string().trim().min(5).max(20),
});

export const BuyerIdParams = z.object({ buyerId: Id });
export const SessionParams = z.object({ sessionId: Id });
export const ProgramParams = z.object({ programId: Id });
export const HoldParams = z.object({ holdId: HoldIdParam });

const TierBody = z.strictObject({
  tierId: TierId,
  name: trimmed(32),
  priceCents: z.number().int().min(0).max(100_000_000),
  perUserLimit: z.number().int().min(1).max(20),
  /** Seats of this tier one user may have across every session of the program. */
  perProgramLimit: z.number().int().min(1).max(100).optional(),
});

const SectionBody = z.strictObject({
  name: trimmed(32),
  tierId: TierId,
  rows: z.number().int().min(1).max(1000),
  seatsPerRow: z.number().int().min(1).max(500),
});

export const MAX_SEATS_PER_SESSION = 200_000;

const SessionBody = z
  .strictObject({
    startsAt: isoTime,
    saleOpensAt: isoTime,
    /** When new holds stop; default `startsAt`. */
    saleClosesAt: isoTime.optional(),
    maxPerOrder: z.number().int().min(1).max(10).default(6),
    /** ONE_PER_ID: an identity document on at most one held, ordered or sold seat of the session. */
    realName: z.literal('ONE_PER_ID').optional(),
    tiers: z.array(TierBody).min(1).max(20),
    layout: z.strictObject({ sections: z.array(SectionBody).min(1).max(500) }),
  })
  .superRefine((s, ctx) => {
    const tierIds = new Set<string>();
    s.tiers.forEach((t, i) => {
      if (tierIds.has(t.tierId))
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'tierId'], message: 'repeated tierId' });
      tierIds.add(t.tierId);
    });
    s.layout.sections.forEach((sec, i) => {
      if (!tierIds.has(sec.tierId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['layout', 'sections', i, 'tierId'],
          message: 'no tier with this id',
        });
      }
    });
    const seats = s.layout.sections.reduce((n, sec) => n + sec.rows * sec.seatsPerRow, 0);
    if (seats > MAX_SEATS_PER_SESSION) {
      ctx.addIssue({ code: 'custom', path: ['layout'], message: `at most ${MAX_SEATS_PER_SESSION} seats` });
    }
    if (Date.parse(s.saleOpensAt) > Date.parse(s.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['saleOpensAt'], message: 'must not be after startsAt' });
    }
    if (s.saleClosesAt && Date.parse(s.saleClosesAt) <= Date.parse(s.saleOpensAt)) {
      ctx.addIssue({ code: 'custom', path: ['saleClosesAt'], message: 'must be after saleOpensAt' });
    }
  });

export const ProgramBody = z.strictObject({
  title: trimmed(100),
  actor: trimmed(100),
  city: trimmed(32),
  venue: trimmed(100),
  categoryId: Id,
  description: z.string().max(4000).optional(),
  sessions: z.array(SessionBody).min(1).max(50),
});
export type ProgramInput = z.infer<typeof ProgramBody>;

const BuyerIds = z
  .array(Id)
  .min(1)
  .max(10)
  .refine((ids) => new Set(ids).size === ids.length, 'a buyer can hold only one seat');

const SeatIdList = z
  .array(z.string().max(20))
  .min(1)
  .max(10)
  .refine((ids) => new Set(ids).size === ids.length, 'repeated seat');

const NamedSeats = {
  seatIds: SeatIdList,
  buyerIds: BuyerIds,
  expectedTotalCents: z.number().int().min(0).optional(),
};
/** A voucher code as buyers type it (any case). */
const VoucherCode = z.string().regex(/^[A-Za-z0-9_-]{3,32}$/, '3–32 letters, digits, _ or -');
const AutoPick = {
  tierId: TierId,
  count: z.number().int().min(1).max(10),
  /** Best available: together when a row can take them, else across rows (fewest groups). */
  best: z.boolean().optional(),
  buyerIds: BuyerIds,
  expectedTotalCents: z.number().int().min(0).optional(),
};
/** Waitlist: `buyerIds` (one per seat) turns an offer into a hold placed for the user. */
export const WaitlistBody = z.strictObject({
  tierId: TierId,
  count: z.number().int().min(1).max(10),
  buyerIds: BuyerIds.optional(),
});
export const WaitlistParams = z.object({ waitlistId: Id });

export const HoldBody = z.union([z.strictObject(NamedSeats), z.strictObject(AutoPick)]);
export type HoldInput = z.infer<typeof HoldBody>;

/** `{holdId}` orders an existing hold; a hold body plus `sessionId` holds and orders in one step. */
export const OrderBody = z.union([
  z.strictObject({ holdId: HoldIdParam, voucherCode: VoucherCode.optional() }),
  z.strictObject({ sessionId: Id, ...NamedSeats, voucherCode: VoucherCode.optional() }),
  z.strictObject({ sessionId: Id, ...AutoPick, voucherCode: VoucherCode.optional() }),
]);
export type OrderInput = z.infer<typeof OrderBody>;

/** Order numbers are decimal 63-bit snowflakes. */
export const OrderParams = z.object({
  orderNumber: z.string().regex(/^[1-9]\d{0,18}$/, 'not an order number'),
});

export const OrderStatusEnum = z.enum(ORDER_STATUSES);

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
export const OrderListQuery = ListQuery.extend({ status: OrderStatusEnum.optional() });

/** `Idempotency-Key`: 1–128 printable ASCII characters. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,128}$/, '1-128 printable characters');

const cents = z.coerce.number().int().min(0).max(100_000_000);

/** `GET /v1/programs`: full-text `q` on title/actor/venue, term and range filters, a sort. */
export const SearchQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional(),
  city: trimmed(32).optional(),
  categoryId: trimmed(32).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  minPriceCents: cents.optional(),
  maxPriceCents: cents.optional(),
  sort: z.enum(['showTime', 'price', 'relevance']).optional(),
})
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    message: 'must not be before from',
  })
  .refine(
    (q) =>
      q.minPriceCents === undefined || q.maxPriceCents === undefined || q.minPriceCents <= q.maxPriceCents,
    {
      path: ['maxPriceCents'],
      message: 'must not be below minPriceCents',
    },
  );
export type SearchInput = z.infer<typeof SearchQuery>;

export const HomeQuery = z.object({ city: trimmed(32).optional() });

const atLeastOne = (b: Record<string, unknown>) => Object.values(b).some((v) => v !== undefined);

/** `PATCH /v1/admin/programs/{id}`: any of the descriptive fields. */
export const ProgramPatchBody = z
  .strictObject({
    title: trimmed(100).optional(),
    actor: trimmed(100).optional(),
    city: trimmed(32).optional(),
    venue: trimmed(100).optional(),
    categoryId: Id.optional(),
    description: z.string().max(4000).optional(),
  })
  .refine(atLeastOne, 'send at least one field to change');
export type ProgramPatch = z.infer<typeof ProgramPatchBody>;

/** `PATCH /v1/admin/sessions/{id}`: its times; tier prices only while SCHEDULED. */
export const SessionPatchBody = z
  .strictObject({
    startsAt: isoTime.optional(),
    saleOpensAt: isoTime.optional(),
    saleClosesAt: isoTime.optional(),
    tiers: z
      .array(z.strictObject({ tierId: TierId, priceCents: z.number().int().min(0).max(100_000_000) }))
      .min(1)
      .max(20)
      .optional(),
  })
  .refine(atLeastOne, 'send at least one field to change');
export type SessionPatch = z.infer<typeof SessionPatchBody>;

/** `POST /v1/admin/programs/{id}/vouchers`. */
export const VoucherBody = z
  .strictObject({
    code: VoucherCode,
    kind: z.enum(['PERCENT', 'AMOUNT']),
    value: z.number().int().min(1).max(100_000_000),
    maxUses: z.number().int().min(1).max(10_000_000),
    perUserOnce: z.boolean().optional(),
    validUntil: isoTime.optional(),
    tierIds: z.array(TierId).min(1).max(20).optional(),
  })
  .refine((v) => v.kind !== 'PERCENT' || v.value <= 100, {
    message: 'a PERCENT voucher takes 1–100',
    path: ['value'],
  });
export type VoucherInput = z.infer<typeof VoucherBody>;

/** `POST /v1/admin/sessions/{id}/cancel`: why (told to every buyer). */
export const CancelSessionBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });

export const OpenSessionQuery = z.object({ rebuild: z.enum(['true', 'false']).optional() });

/** PUT /v1/admin/sessions/{id}/queue: the waiting room's switch, pace and options. */
export const QueueSettingsBody = z.strictObject({
  enabled: z.boolean(),
  admitPerMinute: z.number().int().min(1).max(1_000_000),
  admissionTtlSeconds: z.number().int().min(30).max(3600).optional(),
  captcha: z.boolean().optional(),
});
export const QueueJoinBody = z.strictObject({ captcha: Captcha.optional() }).optional();

/** `device: "pc"` gets Alipay's computer cashier (page.pay); the default is the phone's (wap.pay). */
export const PaymentBody = z.strictObject({
  channel: z.enum(PAYMENT_CHANNELS),
  device: z.enum(['mobile', 'pc']).optional(),
});
export const RefundBody = z.strictObject({ reason: z.string().trim().max(500).optional() }).optional();
export const ReconcileBody = z.strictObject({ repair: z.boolean().optional() }).optional();
/** The gate's session: a ticket of another session is refused (409 WRONG_SESSION). */
export const CheckInBody = z.strictObject({ qrPayload: z.string().min(1).max(2048), sessionId: Id });
