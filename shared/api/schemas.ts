import * as z from 'zod/mini';
import { VoucherCode } from '#features/vouchers/index.ts';
import '#platform/http/zod-messages.ts';
import { HOLD_ID_PATTERN, ORDER_NUMBER_PATTERN } from '#kernel/ids.ts';
import {
  BuyerIds,
  Id,
  int,
  isoTime,
  list,
  opt,
  pattern,
  TierId,
  trimmed,
} from '#platform/http/schema-kit.ts';
import { ORDER_STATUSES } from '#shared/orders/order-status.ts';
import { PAYMENT_CHANNELS } from '#shared/ports/payments.ts';

/**
 * Request schemas of the HTTP API. The handlers validate with them and the OpenAPI
 * document is generated from them, so the contract and the checks cannot drift apart.
 * zod/mini (functions and checks, not methods): every function bundles these, and zod's
 * classic build, with every method on every schema, is ~100 KB of each bundle.
 */

/**
 * A schema built when its module loads, by a call marked free of side effects: esbuild then
 * drops every schema a function's bundle does not use (a bare `z.object(...)` or `.check(...)`
 * at the top level it must keep, as it cannot know they have none), so each function carries
 * its own route's schemas, not the whole API's.
 */
// @__NO_SIDE_EFFECTS__
function schema<T>(build: () => T): T {
  return build();
}
export const HoldIdParam = schema(() => pattern(HOLD_ID_PATTERN, 'not a valid hold id'));

export const ReindexParams = schema(() => z.object({ reindexId: Id }));
export const HoldParams = schema(() => z.object({ holdId: HoldIdParam }));

const SeatIdList = schema(() =>
  list(z.string().check(z.maxLength(20)), 1, 10).check(
    z.refine((ids) => new Set(ids).size === ids.length, 'repeated seat'),
  ),
);

const expectedTotalCents = schema(() => opt(z.int().check(z.minimum(0))));
const NamedSeats = {
  seatIds: SeatIdList,
  buyerIds: BuyerIds,
  expectedTotalCents,
};
const AutoPick = schema(() => ({
  tierId: TierId,
  count: int(1, 10),
  /** Best available: together when a row can take them, else across rows (fewest groups). */
  best: opt(z.boolean()),
  buyerIds: BuyerIds,
  expectedTotalCents,
}));

export const HoldBody = schema(() => z.union([z.strictObject(NamedSeats), z.strictObject(AutoPick)]));
export type HoldInput = z.infer<typeof HoldBody>;

/** `{holdId}` orders an existing hold; a hold body plus `sessionId` holds and orders in one step. */
export const OrderBody = schema(() =>
  z.union([
    z.strictObject({ holdId: HoldIdParam, voucherCode: opt(VoucherCode) }),
    z.strictObject({ sessionId: Id, ...NamedSeats, voucherCode: opt(VoucherCode) }),
    z.strictObject({ sessionId: Id, ...AutoPick, voucherCode: opt(VoucherCode) }),
  ]),
);
export type OrderInput = z.infer<typeof OrderBody>;

/** Order numbers are decimal 63-bit snowflakes. */
export const OrderParams = schema(() =>
  z.object({
    orderNumber: pattern(ORDER_NUMBER_PATTERN, 'not an order number'),
  }),
);

export const OrderStatusEnum = schema(() => z.enum(ORDER_STATUSES));

export const ListQuery = schema(() =>
  z.object({
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
    cursor: opt(z.string().check(z.maxLength(2048))),
  }),
);
export const OrderListQuery = schema(() => z.extend(ListQuery, { status: opt(OrderStatusEnum) }));

/** `Idempotency-Key`: 1–128 printable ASCII characters. */
export const IdempotencyKey = schema(() => pattern(/^[\x21-\x7e]{1,128}$/, '1-128 printable characters'));

const cents = schema(() => z.coerce.number().check(z.int(), z.minimum(0), z.maximum(100_000_000)));

/** `GET /v1/programs`: full-text `q` on title/actor/venue, term and range filters, a sort. */
export const SearchQuery = schema(() =>
  z
    .extend(ListQuery, {
      q: opt(z.string().check(z.trim(), z.maxLength(100))),
      city: opt(trimmed(32)),
      categoryId: opt(trimmed(32)),
      from: opt(isoTime),
      to: opt(isoTime),
      minPriceCents: opt(cents),
      maxPriceCents: opt(cents),
      sort: opt(z.enum(['showTime', 'price', 'relevance'])),
    })
    .check(
      z.refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
        path: ['to'],
        message: 'must not be before from',
      }),
      z.refine(
        (q) =>
          q.minPriceCents === undefined ||
          q.maxPriceCents === undefined ||
          q.minPriceCents <= q.maxPriceCents,
        {
          path: ['maxPriceCents'],
          message: 'must not be below minPriceCents',
        },
      ),
    ),
);
export type SearchInput = z.infer<typeof SearchQuery>;

export const HomeQuery = schema(() => z.object({ city: opt(trimmed(32)) }));

/** `POST /v1/admin/sessions/{id}/cancel`: why (told to every buyer). */
export const CancelSessionBody = schema(() =>
  z.strictObject({
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  }),
);

/** PUT /v1/admin/sessions/{id}/queue: the waiting room's switch, pace and options. */

/** `device: "pc"` gets Alipay's computer cashier (page.pay); the default is the phone's (wap.pay). */
export const PaymentBody = schema(() =>
  z.strictObject({
    channel: z.enum(PAYMENT_CHANNELS),
    device: opt(z.enum(['mobile', 'pc'])),
  }),
);
export const RefundBody = schema(() =>
  opt(z.strictObject({ reason: opt(z.string().check(z.trim(), z.maxLength(500))) })),
);
/** The gate's session: a ticket of another session is refused (409 WRONG_SESSION). */
export const CheckInBody = schema(() =>
  z.strictObject({
    qrPayload: z.string().check(z.minLength(1), z.maxLength(2048)),
    sessionId: Id,
  }),
);
