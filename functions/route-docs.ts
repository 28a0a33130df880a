import type { RouteDocs } from '#platform/http/route.ts';
import * as R from '#shared/api/responses.ts';
import type { FunctionName } from './route-specs.ts';

/**
 * Each route's documentation and response schema, keyed like functions/route-specs.ts (a
 * route without its entry here does not compile). Not imported by the functions: tools only.
 */
export const ROUTE_DOCS = {
  health: {
    summary: 'Redis and DynamoDB answer',
    success: [200, '{ok, checks}'],
    response: R.Health,
  },
  'cities-list': {
    summary: 'Cities with programs on sale, busiest first (the city picker)',
    success: [200, '{items: [{city, programs}]}'],
    response: R.Cities,
  },
  'categories-list': {
    summary: 'Program categories',
    success: [200, '{items}'],
    response: R.Categories,
  },
  'programs-search': {
    summary:
      'Search programs: text on title/actor/venue (CJK bigrams, all words must match), city, category (with its children), show-time and price ranges; sort showTime, price or relevance',
    success: [
      200,
      '{items: [{programId, title, actor, city, venue, categoryId, firstShowTime, minPriceCents, maxPriceCents, onSale}], nextCursor}',
    ],
    response: R.SearchPage,
  },
  home: {
    summary: 'Home page: per top-level category, its next programs (up to 7) in the city',
    success: [200, '{sections: [{categoryId, name, programs}]}'],
    response: R.Home,
  },
  'programs-get': {
    summary: 'A program with its sessions and live remaining seats',
    success: [200, 'the program'],
    response: R.ProgramDetail,
  },
  'sessions-get': {
    summary: 'One session with its show, times, status and tiers',
    success: [200, 'the session'],
    response: R.Session,
  },
  'seat-map': {
    summary: 'Seat map (row-major-status-v1)',
    success: [200, 'the seat map'],
    response: R.SeatMap,
    otherSuccess: [[304, 'not modified: the map has the etag sent as if-none-match']],
    headers: {
      'if-none-match': {
        required: false,
        description: 'the etag of the map the client has: 304 when unchanged',
      },
      'accept-encoding': { required: false, description: 'gzip: the map comes gzipped' },
    },
  },
  'holds-create': {
    summary: 'Hold named seats or auto-pick adjacent seats',
    success: [201, 'the hold'],
    response: R.Hold,
    errors: {
      403: 'ADMISSION_REQUIRED: the waiting room is on (details.reason, details.queueUrl)',
      409: 'SEAT_UNAVAILABLE (details.seatIds), SOLD_OUT (details.remaining), NO_ADJACENT_SEATS, SALE_CLOSED, INVALID_STATE (details.status)',
      422: 'PURCHASE_LIMIT_EXCEEDED, PRICE_MISMATCH, BUYER_COUNT_MISMATCH, ID_ALREADY_USED',
      429: 'RATE_LIMITED: details.limit USER_BUY, or EXPIRED_HOLDS (3 holds expired unpaid in this session)',
    },
    headers: {
      'x-admission-token': { required: false, description: "the waiting room's admission (gated sessions)" },
    },
  },
  'holds-get': {
    summary: "The caller's hold",
    success: [200, 'the hold'],
    response: R.Hold,
  },
  'holds-delete': {
    summary: 'Release a hold',
    success: [204, 'no body'],
    errors: { 409: 'INVALID_STATE: the hold expired or was ordered (details.status)' },
  },
  'orders-create': {
    summary:
      'Order a hold, or hold and order in one step (V4: answered at once, written asynchronously); Idempotency-Key required',
    success: [202, '{orderNumber, status: PENDING, expiresAt}'],
    response: R.OrderAccepted,
    errors: {
      403: 'ADMISSION_REQUIRED (hold-body form on a gated session)',
      409: 'SEAT_UNAVAILABLE, SOLD_OUT, NO_ADJACENT_SEATS, SALE_CLOSED, INVALID_STATE, IDEMPOTENCY_CONFLICT, VOUCHER_EXHAUSTED',
      422: 'PURCHASE_LIMIT_EXCEEDED, PRICE_MISMATCH, BUYER_COUNT_MISMATCH, ID_ALREADY_USED, VOUCHER_INVALID (details.reason)',
    },
    headers: {
      'idempotency-key': {
        required: true,
        description: '1–128 printable characters; a retry sends the same key',
      },
      'x-admission-token': {
        required: false,
        description: "the waiting room's admission (hold-body form on gated sessions)",
      },
    },
  },
  'orders-list': {
    summary: "The caller's orders, newest first",
    success: [200, '{items, nextCursor}'],
    response: R.OrderList,
  },
  'orders-get': {
    summary: "The caller's order (PENDING until written; poll it)",
    success: [200, 'the order'],
    response: R.Order,
  },
  'orders-cancel': {
    summary: 'Cancel an unpaid order: seats back on sale',
    success: [200, 'the order, CANCELLED'],
    response: R.Order,
    errors: { 409: 'INVALID_STATE: only PENDING_PAYMENT orders can be cancelled' },
  },
  'payments-create': {
    summary: 'Start a payment for the order amount (Idempotency-Key required)',
    success: [201, '{paymentId, amountCents, channel, payUrl}'],
    response: R.PaymentStarted,
    errors: { 409: 'INVALID_STATE (the order is not PENDING_PAYMENT), IDEMPOTENCY_CONFLICT' },
    headers: {
      'idempotency-key': {
        required: true,
        description: '1–128 printable characters; a retry sends the same key',
      },
    },
  },
  'payments-callback': {
    summary: 'Payment provider callback, signed: x-signature = HMAC-SHA256 hex of the raw body',
    success: [200, '{ok: true}, also for repeats'],
    response: R.CallbackAck,
    errors: { 401: 'UNAUTHENTICATED: bad or missing x-signature' },
    headers: { 'x-signature': { required: true, description: 'HMAC-SHA256 hex of the raw body' } },
  },
  'payments-alipay-notify': {
    summary:
      "Alipay's asynchronous notify (form-encoded, RSA2-signed with Alipay's key); answers the text `success`",
    success: [200, 'text "success", also for repeats'],
    text: true,
    errors: { 401: 'UNAUTHENTICATED: bad or missing RSA2 signature' },
  },
  'orders-payment-check': {
    summary: 'Ask the provider about the payment and apply the answer (lost callbacks)',
    success: [200, 'the order'],
    response: R.Order,
    errors: { 409: 'INVALID_STATE: the order has no payment to ask about' },
  },
  'orders-refund': {
    summary: 'Refund a paid order before the show',
    success: [200, 'the order, REFUND_PENDING or REFUNDED'],
    response: R.Order,
    errors: {
      409: 'INVALID_STATE: not PAID/TICKETED (details.status), or details.reason SESSION_STARTED or TICKET_USED',
    },
  },
  'orders-tickets': {
    summary: "The order's tickets with signed QR payloads and SVG QR images",
    success: [200, '{items}'],
    response: R.Tickets,
  },
  'tickets-check-in': {
    summary: 'Check a ticket in at the gate (once)',
    success: [200, '{ticketCode, status: USED}'],
    response: R.CheckedIn,
    errors: {
      400: 'INVALID_TICKET (forged, altered, unknown) or VALIDATION_FAILED',
      409: 'ALREADY_USED, WRONG_SESSION (details.ticketSessionId), OUTSIDE_CHECK_IN_WINDOW (details.opensAt, closesAt), INVALID_STATE (details.status VOID: refunded)',
    },
  },
  'admin-programs-create': {
    summary: 'Create a program with sessions, tiers and layouts',
    success: [201, '{programId, sessions}'],
    response: R.ProgramCreated,
  },
  'admin-programs-patch': {
    summary: "Change a program's title, actor, venue, city, description or category",
    success: [200, 'the program'],
    response: R.ProgramRecord,
  },
  'admin-sessions-patch': {
    summary: "Change a session's times; tier prices while SCHEDULED",
    success: [200, 'the session'],
    response: R.Session,
    errors: { 409: 'INVALID_STATE: prices after SCHEDULED, or a cancelled session' },
  },
  'admin-sessions-close': {
    summary: 'Close the sale: no new holds; existing holds and orders run out normally',
    success: [200, 'the session, status CLOSED'],
    response: R.Session,
    errors: { 409: 'INVALID_STATE: not open, or cancelled' },
  },
  'admin-sessions-cancel': {
    summary:
      'Cancel the session: holds released, unpaid orders cancelled, paid orders refunded, tickets void, buyers told (a job)',
    success: [202, '{sessionId, status: CANCELLING, reason, requestedAt}'],
    response: R.Cancellation,
  },
  'admin-sessions-open': {
    summary: 'Load the inventory into Redis and open the sale',
    success: [200, 'the session and its counts'],
    response: R.Opened,
    errors: { 409: 'INVALID_STATE: the session is cancelled' },
  },
  'admin-sessions-stats': {
    summary: 'Available, held and sold, by tier',
    success: [200, '{available, held, sold, byTier}'],
    response: R.Stats,
    errors: { 409: 'INVALID_STATE: the session was never opened' },
  },
  'admin-sessions-reconcile': {
    summary:
      'Compare every seat in Redis with DynamoDB (the durable record); with repair, set Redis to DynamoDB seat by seat (compare-and-set)',
    success: [
      200,
      '{sessionId, checked, mismatchCount, mismatches: [{seatId, kind, redis, dynamodb}], repaired, skipped}',
    ],
    response: R.Reconciled,
    errors: {
      409: 'INVALID_STATE: the session is not loaded, or (status ENDED) its data left Redis after the show',
    },
  },
  'admin-search-reindex': {
    summary:
      'Rebuild the search index from the DynamoDB listings (a new or emptied OpenSearch domain): a job, a page of programs per step',
    success: [202, '{reindexId, status: RUNNING, startedAt, programs: 0}'],
    response: R.Reindex,
  },
  'admin-search-reindex-get': {
    summary: "A search reindex's progress",
    success: [200, '{reindexId, status: RUNNING|DONE, startedAt, programs, finishedAt?}'],
    response: R.Reindex,
    errors: { 404: 'NOT_FOUND: no such reindex' },
  },
} as const satisfies Record<FunctionName, RouteDocs>;
