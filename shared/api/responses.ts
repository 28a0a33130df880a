import * as z from 'zod/mini';
import { count, described, named, time } from '#platform/http/schema-kit.ts';
import { HOLD_STATUSES } from '#shared/ports/seat-inventory.ts';
import { TICKET_STATUSES } from '#shared/ports/tickets.ts';
import '#platform/http/zod-messages.ts';
import { ListedFields, SESSION_STATUSES } from '#features/sessions/index.ts';
import { ORDER_STATUSES } from '#shared/orders/order-status.ts';
import { PAYMENT_CHANNELS } from '#shared/ports/payments.ts';

/**
 * Response schemas of the HTTP API, one per route and status (each feature's routes.docs.ts
 * names them). docs/openapi.json is generated from them, the typed client (shared/api/client.ts) is
 * generated from that, and the local API gateway checks every answer against them when
 * CONTRACT_CHECK=1 (the tests set it): a handler that returns a field the contract does not
 * name, or leaves out one it promises, fails the test that made the call.
 *
 * Objects are strict here so the check catches undocumented fields; the published document
 * leaves `additionalProperties` open, because a client must ignore fields added later.
 */
const o = z.strictObject;
const cents = z.int();

export const ErrorBody = named(
  o({
    error: o({
      code: described(z.string(), 'A stable code: the table in docs/API.md'),
      message: described(z.string(), 'For developers; apps show their own words for the code'),
      details: z.optional(z.record(z.string(), z.unknown())),
    }),
  }),
  'Error',
);

export const Cities = o({ items: z.array(o({ city: z.string(), programs: count })) });

export const ProgramCard = named(
  o({
    ...ListedFields,
    firstShowTime: z.nullable(time),
    minPriceCents: cents,
    maxPriceCents: cents,
    onSale: z.boolean(),
  }),
  'ProgramCard',
);

export const SearchPage = o({ items: z.array(ProgramCard), nextCursor: z.nullable(z.string()) });

export const Home = o({
  sections: z.array(o({ categoryId: z.string(), name: z.string(), programs: z.array(ProgramCard) })),
});

const Seat = o({
  seatId: z.string(),
  section: z.string(),
  row: z.int(),
  col: z.int(),
  tierId: z.string(),
  priceCents: cents,
});

export const Hold = named(
  o({
    holdId: z.string(),
    sessionId: z.string(),
    status: z.enum(HOLD_STATUSES),
    seats: z.array(
      o({ ...Seat.shape, buyerId: described(z.nullable(z.string()), 'null: a hold placed without buyers') }),
    ),
    together: described(
      z.boolean(),
      'every seat in one row, side by side (false only for a best-available pick across rows)',
    ),
    totalCents: cents,
    orderNumber: described(z.nullable(z.string()), 'the order the hold was handed to, once ordered'),
    createdAt: time,
    expiresAt: time,
  }),
  'Hold',
);

export const OrderAccepted = o({
  orderNumber: z.string(),
  status: z.literal('PENDING'),
  expiresAt: time,
});

const Show = o({
  programId: z.string(),
  title: z.string(),
  venue: z.string(),
  city: z.string(),
  startsAt: time,
});

export const Order = named(
  o({
    orderNumber: z.string(),
    status: z.enum(ORDER_STATUSES),
    sessionId: z.string(),
    show: described(z.nullable(Show), 'null when the show is no longer known'),
    seats: z.array(Seat),
    buyers: z.array(o({ buyerId: z.string(), seatId: z.string(), name: z.string(), idNumber: z.string() })),
    amountCents: described(cents, 'after any discount: what the payment takes'),
    discountCents: cents,
    voucherCode: z.optional(z.string()),
    expiresAt: time,
    createdAt: time,
    paidAt: z.optional(time),
    failureReason: described(
      z.optional(z.enum(['SEAT_TAKEN', 'TIMEOUT', 'HOLD_GONE'])),
      'FAILED: SEAT_TAKEN (a seat is sold), TIMEOUT (waited too long), HOLD_GONE (the hold ended first)',
    ),
    history: z.array(o({ status: z.string(), at: time, by: z.string() })),
  }),
  'Order',
);

export const OrderList = o({ items: z.array(Order), nextCursor: z.nullable(z.string()) });

export const PaymentStarted = o({
  paymentId: z.string(),
  amountCents: cents,
  channel: z.enum(PAYMENT_CHANNELS),
  payUrl: z.string(),
});

export const CallbackAck = o({ ok: z.literal(true) });

export const Tickets = o({
  items: z.array(
    o({
      ticketCode: z.string(),
      seatId: z.string(),
      section: z.string(),
      row: z.int(),
      col: z.int(),
      buyer: o({ name: z.string(), idNumber: z.string() }),
      qrPayload: described(z.string(), '<base64url(JSON claims)>.<base64url(Ed25519 signature)>'),
      qrSvg: described(z.string(), 'the QR image of qrPayload, SVG'),
      status: z.enum(TICKET_STATUSES),
      show: z.nullable(Show),
    }),
  ),
});

export const CheckedIn = o({
  ticketCode: z.string(),
  status: z.literal('USED'),
  orderNumber: z.string(),
  seatId: z.string(),
});

export const Cancellation = o({
  sessionId: z.string(),
  status: z.enum(SESSION_STATUSES),
  reason: z.string(),
  requestedAt: time,
  finishedAt: z.optional(time),
});

export const Reindex = named(
  o({
    reindexId: z.string(),
    status: described(z.enum(['RUNNING', 'DONE']), 'RUNNING while steps remain'),
    startedAt: time,
    programs: described(count, 'listings indexed so far'),
    finishedAt: z.optional(time),
  }),
  'Reindex',
);

export type OrderAcceptedBody = z.input<typeof OrderAccepted>;
export type PaymentStartedBody = z.input<typeof PaymentStarted>;
export type ProgramCardBody = z.input<typeof ProgramCard>;
