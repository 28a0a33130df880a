import * as z from 'zod/mini';
import { count, described, named, time } from '#platform/http/schema-kit.ts';
import { HOLD_STATUSES } from '#shared/ports/seat-inventory.ts';
import { TICKET_STATUSES } from '#shared/ports/tickets.ts';
import '#platform/http/zod-messages.ts';
import { SESSION_STATUSES } from '#shared/catalogue/session-status.ts';
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

export const Category = o({ categoryId: z.string(), name: z.string(), parentId: z.nullable(z.string()) });
export const Categories = o({ items: z.array(Category) });

/** What a program is listed by: the card, the detail and the organiser's edit answer all carry it. */
const Listed = {
  programId: z.string(),
  title: z.string(),
  actor: z.string(),
  city: z.string(),
  venue: z.string(),
  categoryId: z.string(),
};

export const ProgramCard = named(
  o({
    ...Listed,
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

const TierFields = {
  tierId: z.string(),
  name: z.string(),
  priceCents: cents,
  perUserLimit: z.int(),
  perProgramLimit: z.optional(z.int()),
};

/** What a program says of itself, in the detail and in the organiser's edit answer. */
const ProgramFields = {
  ...Listed,
  description: z.optional(z.string()),
  createdAt: time,
};

/** The session-status table's statuses (shared/catalogue/session-status.ts). */
const SessionStatus = z.enum(SESSION_STATUSES);

export const ProgramDetail = named(
  o({
    ...ProgramFields,
    sessions: z.array(
      o({
        sessionId: z.string(),
        startsAt: time,
        saleOpensAt: time,
        status: described(
          SessionStatus,
          'as GET /v1/sessions/{id}: CLOSED once the sale closed (or saleClosesAt passed), CANCELLING/CANCELLED once the organiser cancelled',
        ),
        waitingRoom: described(z.boolean(), 'true: join POST /v1/sessions/{id}/queue before holding'),
        tiers: z.array(
          o({
            ...TierFields,
            remaining: described(
              z.nullable(count),
              'live while the session is ON_SALE; null in every other status',
            ),
          }),
        ),
      }),
    ),
  }),
  'ProgramDetail',
);

/** `PATCH /v1/admin/programs/{id}`: the program as stored, each session's closing time filled in. */
export const ProgramRecord = o({
  ...ProgramFields,
  sessions: z.array(
    o({
      sessionId: z.string(),
      startsAt: time,
      saleOpensAt: time,
      saleClosesAt: time,
      tiers: z.array(o(TierFields)),
    }),
  ),
});

export const ProgramCreated = o({ programId: z.string(), sessions: z.array(o({ sessionId: z.string() })) });

export const Session = named(
  o({
    sessionId: z.string(),
    programId: z.string(),
    title: z.string(),
    venue: z.string(),
    city: z.string(),
    startsAt: time,
    saleOpensAt: time,
    saleClosesAt: time,
    status: SessionStatus,
    maxPerOrder: z.int(),
    perUserLimit: z.optional(
      described(
        z.int(),
        'seats one user may hold or buy in this session over all its tiers (each tier has its own too)',
      ),
    ),
    tiers: z.array(o({ tierId: z.string(), name: z.string(), priceCents: cents, perUserLimit: z.int() })),
  }),
  'Session',
);

export const SeatMap = named(
  o({
    sessionId: z.string(),
    status: SessionStatus,
    seatCount: count,
    tiers: z.array(o({ tierId: z.string(), name: z.string(), priceCents: cents })),
    sections: z.array(
      o({
        sectionIndex: count,
        name: z.string(),
        tierId: z.string(),
        rows: z.int(),
        seatsPerRow: z.int(),
      }),
    ),
    rows: described(
      z.array(z.tuple([count, z.int(), count, count])),
      '[sectionIndex, rowNumber, firstSeat, seatCount]',
    ),
    seats: o({
      encoding: z.literal('row-major-status-v1'),
      statuses: described(z.string(), 'one character per seat: 0 available, 1 held, 2 sold'),
    }),
  }),
  'SeatMap',
);

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

const Counts = { available: count, held: count, sold: count };
const ByTier = z.array(o({ tierId: z.string(), ...Counts }));

export const Cancellation = o({
  sessionId: z.string(),
  status: SessionStatus,
  reason: z.string(),
  requestedAt: time,
  finishedAt: z.optional(time),
});

const StatsFields = {
  status: SessionStatus,
  ...Counts,
  byTier: ByTier,
  ordersByStatus: z.partialRecord(z.enum(ORDER_STATUSES), count),
  refundsPending: count,
  cancellation: z.optional(o({ reason: z.string(), requestedAt: time, finishedAt: z.optional(time) })),
  queue: z.optional(
    o({
      enabled: z.boolean(),
      admitPerMinute: z.int(),
      inLine: count,
      admitted: count,
      admittedPaced: count,
      admittedReturned: count,
      returnedPlaces: count,
    }),
  ),
};

export const Stats = o({ sessionId: z.string(), ...StatsFields });
export const Opened = o({ sessionId: z.string(), seatCount: count, loaded: z.boolean(), ...StatsFields });

const SeatState = o({ status: z.string(), holdId: z.optional(z.string()) });
export const Reconciled = o({
  sessionId: z.string(),
  checked: count,
  mismatchCount: count,
  mismatches: z.array(o({ seatId: z.string(), kind: z.string(), redis: SeatState, dynamodb: SeatState })),
  repaired: count,
  skipped: count,
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
