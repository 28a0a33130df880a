import * as z from 'zod';
import { ORDER_STATUSES } from '#shared/orders/order-status.ts';
import { PAYMENT_CHANNELS } from '#shared/ports/payments.ts';

/**
 * Response schemas of the HTTP API, one per route and status (functions/routes.ts names
 * them). docs/openapi.json is generated from them, the typed client (shared/api/client.ts) is
 * generated from that, and the local API gateway checks every answer against them when
 * CONTRACT_CHECK=1 (the tests set it): a handler that returns a field the contract does not
 * name, or leaves out one it promises, fails the test that made the call.
 *
 * Objects are strict here so the check catches undocumented fields; the published document
 * leaves `additionalProperties` open, because a client must ignore fields added later.
 */
const o = z.strictObject;
const time = z.iso.datetime({ offset: true }).describe('ISO-8601 UTC');
const cents = z.number().int();
const count = z.number().int().min(0);

export const ErrorBody = o({
  error: o({
    code: z.string().describe('A stable code: the table in docs/API.md'),
    message: z.string().describe('For developers; apps show their own words for the code'),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
}).meta({ id: 'Error' });

export const Health = o({
  ok: z.boolean(),
  checks: z.record(z.string(), z.enum(['up', 'down'])),
});

export const UserCreated = o({ userId: z.string() });

const Role = z.enum(['user', 'staff', 'admin']);

export const Login = o({
  token: z.string().describe('EdDSA JWT; send as Authorization: Bearer'),
  expiresAt: time,
  user: o({ userId: z.string(), name: z.string(), role: Role }),
});

export const Captcha = o({
  algorithm: z.string().describe('SHA-256'),
  challenge: z.string(),
  salt: z.string(),
  maxnumber: z.number().int(),
  signature: z.string(),
});

export const Me = o({
  userId: z.string(),
  name: z.string(),
  mobile: z.string().describe('masked: 138****5678'),
  email: z.string().nullable().describe('masked: a****@x.com'),
  role: Role,
});

export const Buyer = o({
  buyerId: z.string(),
  idType: z.number().int().min(1).max(6),
  name: z.string().describe('masked: 张*'),
  idNumber: z.string().describe('masked: 1101**********1234'),
}).meta({ id: 'Buyer' });
export const BuyerList = o({ items: z.array(Buyer) });

export const Cities = o({ items: z.array(o({ city: z.string(), programs: count })) });

export const Category = o({ categoryId: z.string(), name: z.string(), parentId: z.string().nullable() });
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

export const ProgramCard = o({
  ...Listed,
  firstShowTime: time.nullable(),
  minPriceCents: cents,
  maxPriceCents: cents,
  onSale: z.boolean(),
}).meta({ id: 'ProgramCard' });

export const SearchPage = o({ items: z.array(ProgramCard), nextCursor: z.string().nullable() });

export const Home = o({
  sections: z.array(o({ categoryId: z.string(), name: z.string(), programs: z.array(ProgramCard) })),
});

const TierFields = {
  tierId: z.string(),
  name: z.string(),
  priceCents: cents,
  perUserLimit: z.number().int(),
  perProgramLimit: z.number().int().optional(),
};

/** What a program says of itself, in the detail and in the organiser's edit answer. */
const ProgramFields = {
  ...Listed,
  description: z.string().optional(),
  createdAt: time,
};

export const ProgramDetail = o({
  ...ProgramFields,
  sessions: z.array(
    o({
      sessionId: z.string(),
      startsAt: time,
      saleOpensAt: time,
      status: z.enum(['ON_SALE', 'SCHEDULED']),
      waitingRoom: z.boolean().describe('true: join POST /v1/sessions/{id}/queue before holding'),
      tiers: z.array(o({ ...TierFields, remaining: count.nullable().describe('null when not on sale') })),
    }),
  ),
}).meta({ id: 'ProgramDetail' });

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

const SessionStatus = z.enum(['SCHEDULED', 'ON_SALE', 'CLOSED', 'CANCELLING', 'CANCELLED']);

export const Session = o({
  sessionId: z.string(),
  programId: z.string(),
  title: z.string(),
  venue: z.string(),
  city: z.string(),
  startsAt: time,
  saleOpensAt: time,
  saleClosesAt: time,
  status: SessionStatus,
  maxPerOrder: z.number().int(),
  tiers: z.array(
    o({ tierId: z.string(), name: z.string(), priceCents: cents, perUserLimit: z.number().int() }),
  ),
}).meta({ id: 'Session' });

export const SeatMap = o({
  sessionId: z.string(),
  status: SessionStatus,
  seatCount: count,
  tiers: z.array(o({ tierId: z.string(), name: z.string(), priceCents: cents })),
  sections: z.array(
    o({
      sectionIndex: count,
      name: z.string(),
      tierId: z.string(),
      rows: z.number().int(),
      seatsPerRow: z.number().int(),
    }),
  ),
  rows: z
    .array(z.tuple([count, z.number().int(), count, count]))
    .describe('[sectionIndex, rowNumber, firstSeat, seatCount]'),
  seats: o({
    encoding: z.literal('row-major-status-v1'),
    statuses: z.string().describe('one character per seat: 0 available, 1 held, 2 sold'),
  }),
}).meta({ id: 'SeatMap' });

const Seat = o({
  seatId: z.string(),
  section: z.string(),
  row: z.number().int(),
  col: z.number().int(),
  tierId: z.string(),
  priceCents: cents,
});

export const Hold = o({
  holdId: z.string(),
  sessionId: z.string(),
  status: z.enum(['ACTIVE', 'EXPIRED', 'RELEASED', 'CONFIRMED']),
  seats: z.array(
    o({ ...Seat.shape, buyerId: z.string().nullable().describe('null: a hold placed without buyers') }),
  ),
  together: z
    .boolean()
    .describe('every seat in one row, side by side (false only for a best-available pick across rows)'),
  totalCents: cents,
  orderNumber: z.string().nullable().describe('the order the hold was handed to, once ordered'),
  createdAt: time,
  expiresAt: time,
}).meta({ id: 'Hold' });

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

export const Order = o({
  orderNumber: z.string(),
  status: z.enum(ORDER_STATUSES),
  sessionId: z.string(),
  show: Show.nullable().describe('null when the show is no longer known'),
  seats: z.array(Seat),
  buyers: z.array(o({ buyerId: z.string(), seatId: z.string(), name: z.string(), idNumber: z.string() })),
  amountCents: cents.describe('after any discount: what the payment takes'),
  discountCents: cents,
  voucherCode: z.string().optional(),
  expiresAt: time,
  createdAt: time,
  paidAt: time.optional(),
  failureReason: z
    .enum(['SEAT_TAKEN', 'TIMEOUT', 'HOLD_GONE'])
    .optional()
    .describe(
      'FAILED: SEAT_TAKEN (a seat is sold), TIMEOUT (waited too long), HOLD_GONE (the hold ended first)',
    ),
  history: z.array(o({ status: z.string(), at: time, by: z.string() })),
}).meta({ id: 'Order' });

export const OrderList = o({ items: z.array(Order), nextCursor: z.string().nullable() });

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
      row: z.number().int(),
      col: z.number().int(),
      buyer: o({ name: z.string(), idNumber: z.string() }),
      qrPayload: z.string().describe('<base64url(JSON claims)>.<base64url(Ed25519 signature)>'),
      qrSvg: z.string().describe('the QR image of qrPayload, SVG'),
      status: z.enum(['VALID', 'USED', 'VOID']),
      show: Show.nullable(),
    }),
  ),
});

export const CheckedIn = o({
  ticketCode: z.string(),
  status: z.literal('USED'),
  orderNumber: z.string(),
  seatId: z.string(),
});

export const QueuePlace = o({
  status: z.enum(['WAITING', 'ADMITTED', 'EXPIRED']),
  preQueue: z.boolean(),
  position: z.number().int().nullable(),
  ahead: z.number().int().nullable(),
  estimatedWaitSeconds: count,
  opensAt: time.optional(),
  pollAfterSeconds: z.number().int().optional(),
  queueTicket: z.string().optional().describe('send back as x-queue-ticket when polling'),
  admissionToken: z.string().optional().describe('send as x-admission-token on holds and orders'),
  admissionExpiresAt: time.optional(),
}).meta({ id: 'QueuePlace' });

export const WaitlistEntry = o({
  waitlistId: z.string(),
  sessionId: z.string(),
  tierId: z.string(),
  count: z.number().int(),
  buyers: count.describe('how many buyers the entry names (a hold is placed for them on an offer)'),
  status: z.enum(['WAITING', 'OFFERED', 'LEFT', 'CLOSED']),
  position: z.number().int().nullable(),
  createdAt: time,
  offeredAt: time.optional(),
  offerExpiresAt: time.optional(),
  holdId: z.string().optional(),
  closedReason: z.string().optional(),
}).meta({ id: 'WaitlistEntry' });

export const WaitlistJoined = o({
  waitlistId: z.string(),
  position: z.number().int(),
  status: z.enum(['WAITING', 'OFFERED', 'LEFT', 'CLOSED']),
});

export const Voucher = o({
  programId: z.string(),
  code: z.string(),
  kind: z.enum(['PERCENT', 'AMOUNT']),
  value: z.number().int(),
  maxUses: z.number().int(),
  used: count,
  perUserOnce: z.boolean(),
  validUntil: time.optional(),
  tierIds: z.array(z.string()).optional(),
  createdAt: time,
}).meta({ id: 'Voucher' });
export const VoucherList = o({ items: z.array(Voucher) });

const Counts = { available: count, held: count, sold: count };
const ByTier = z.array(o({ tierId: z.string(), ...Counts }));

export const Cancellation = o({
  sessionId: z.string(),
  status: SessionStatus,
  reason: z.string(),
  requestedAt: time,
  finishedAt: time.optional(),
});

export const QueueSettings = o({
  sessionId: z.string(),
  enabled: z.boolean(),
  admitPerMinute: z.number().int(),
  admissionTtlSeconds: z.number().int(),
  captcha: z.boolean(),
  opensAt: time,
  claimWindowSeconds: z.number().int(),
});

const StatsFields = {
  status: SessionStatus,
  ...Counts,
  byTier: ByTier,
  ordersByStatus: z.partialRecord(z.enum(ORDER_STATUSES), count),
  refundsPending: count,
  cancellation: o({ reason: z.string(), requestedAt: time, finishedAt: time.optional() }).optional(),
  queue: o({
    enabled: z.boolean(),
    admitPerMinute: z.number().int(),
    inLine: count,
    admitted: count,
    admittedPaced: count,
    admittedReturned: count,
    returnedPlaces: count,
  }).optional(),
};

export const Stats = o({ sessionId: z.string(), ...StatsFields });
export const Opened = o({ sessionId: z.string(), seatCount: count, loaded: z.boolean(), ...StatsFields });

const SeatState = o({ status: z.string(), holdId: z.string().optional() });
export const Reconciled = o({
  sessionId: z.string(),
  checked: count,
  mismatchCount: count,
  mismatches: z.array(o({ seatId: z.string(), kind: z.string(), redis: SeatState, dynamodb: SeatState })),
  repaired: count,
  skipped: count,
});

export type OrderAcceptedBody = z.input<typeof OrderAccepted>;
export type PaymentStartedBody = z.input<typeof PaymentStarted>;
export type ProgramCardBody = z.input<typeof ProgramCard>;
