import {
  BuyerBody,
  BuyerIdParams,
  CheckInBody,
  HoldBody,
  HoldParams,
  HomeQuery,
  LoginBody,
  OpenSessionQuery,
  OrderBody,
  OrderListQuery,
  OrderParams,
  PaymentBody,
  ProgramBody,
  ProgramParams,
  QueueJoinBody,
  QueueSettingsBody,
  ReconcileBody,
  RefundBody,
  RegisterBody,
  SearchQuery,
  SessionParams,
  WaitlistBody,
  WaitlistParams,
} from '#shared/api/schemas.ts';
import type { RouteSpec } from '#shared/http/handler.ts';

/**
 * Every HTTP route of docs/API.md, keyed by the function (folder under functions/) that
 * serves it, with its auth and request schemas. The one source for the handlers (they take
 * their spec from here), the local runtime's router, the CDK routes and the OpenAPI document.
 */
export interface RouteDef extends RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** Success status and what it returns, for the OpenAPI document. */
  success: [number, string];
}

export const ROUTES = {
  health: {
    method: 'GET',
    path: '/health',
    auth: 'none',
    summary: 'Redis and DynamoDB answer',
    success: [200, '{ok, checks}'],
  },
  'users-register': {
    method: 'POST',
    path: '/v1/users',
    auth: 'none',
    body: RegisterBody,
    rateLimit: 'IP_REGISTER',
    summary: 'Register (a captcha is required while registrations surge: 428 CAPTCHA_REQUIRED)',
    success: [201, '{userId}'],
  },
  'auth-login': {
    method: 'POST',
    path: '/v1/auth/login',
    auth: 'none',
    body: LoginBody,
    rateLimit: 'IP_LOGIN',
    summary:
      'Log in by mobile or email (after 3 failed logins of an identifier in 15 min a captcha is required: 428)',
    success: [200, '{token, expiresAt, user}'],
  },
  'captcha-get': {
    method: 'GET',
    path: '/v1/captcha',
    auth: 'none',
    rateLimit: 'IP_CAPTCHA',
    summary:
      'A proof-of-work captcha (ALTCHA): find number in 0..maxnumber with SHA-256(salt + number) = challenge; single use, 5 min',
    success: [200, '{algorithm, challenge, salt, maxnumber, signature}'],
  },
  'auth-logout': {
    method: 'POST',
    path: '/v1/auth/logout',
    auth: 'user',
    summary: 'Log out: the token stops working',
    success: [204, 'no body'],
  },
  'users-me': {
    method: 'GET',
    path: '/v1/users/me',
    auth: 'user',
    summary: 'The caller, masked',
    success: [200, '{userId, name, mobile, email, role}'],
  },
  'buyers-create': {
    method: 'POST',
    path: '/v1/users/me/buyers',
    auth: 'user',
    body: BuyerBody,
    summary: 'Add a ticket buyer',
    success: [201, 'the buyer, masked'],
  },
  'buyers-list': {
    method: 'GET',
    path: '/v1/users/me/buyers',
    auth: 'user',
    summary: "The caller's buyers, masked",
    success: [200, '{items}'],
  },
  'buyers-delete': {
    method: 'DELETE',
    path: '/v1/users/me/buyers/{buyerId}',
    auth: 'user',
    params: BuyerIdParams,
    summary: 'Remove a buyer',
    success: [204, 'no body'],
  },
  'categories-list': {
    method: 'GET',
    path: '/v1/categories',
    auth: 'none',
    summary: 'Program categories',
    success: [200, '{items}'],
  },
  'programs-search': {
    method: 'GET',
    path: '/v1/programs',
    auth: 'none',
    query: SearchQuery,
    summary:
      'Search programs: text on title/actor/venue (CJK bigrams, all words must match), city, category (with its children), show-time and price ranges; sort showTime, price or relevance',
    success: [
      200,
      '{items: [{programId, title, actor, city, venue, categoryId, firstShowTime, minPriceCents, maxPriceCents, onSale}], nextCursor}',
    ],
  },
  home: {
    method: 'GET',
    path: '/v1/home',
    auth: 'none',
    query: HomeQuery,
    summary: 'Home page: per top-level category, its next programs (up to 7) in the city',
    success: [200, '{sections: [{categoryId, name, programs}]}'],
  },
  'programs-get': {
    method: 'GET',
    path: '/v1/programs/{programId}',
    auth: 'optional',
    params: ProgramParams,
    summary: 'A program with its sessions and live remaining seats',
    success: [200, 'the program'],
  },
  'seat-map': {
    method: 'GET',
    path: '/v1/sessions/{sessionId}/seats',
    auth: 'none',
    params: SessionParams,
    summary: 'Seat map (row-major-status-v1)',
    success: [200, 'the seat map'],
  },
  'holds-create': {
    method: 'POST',
    path: '/v1/sessions/{sessionId}/holds',
    auth: 'user',
    params: SessionParams,
    body: HoldBody,
    rateLimit: 'USER_BUY',
    summary: 'Hold named seats or auto-pick adjacent seats',
    success: [201, 'the hold'],
  },
  'holds-get': {
    method: 'GET',
    path: '/v1/holds/{holdId}',
    auth: 'user',
    params: HoldParams,
    summary: "The caller's hold",
    success: [200, 'the hold'],
  },
  'holds-delete': {
    method: 'DELETE',
    path: '/v1/holds/{holdId}',
    auth: 'user',
    params: HoldParams,
    summary: 'Release a hold',
    success: [204, 'no body'],
  },
  'orders-create': {
    method: 'POST',
    path: '/v1/orders',
    auth: 'user',
    body: OrderBody,
    rateLimit: 'USER_BUY',
    summary:
      'Order a hold, or hold and order in one step (V4: answered at once, written asynchronously); Idempotency-Key required',
    success: [202, '{orderNumber, status: PENDING, expiresAt}'],
  },
  'orders-list': {
    method: 'GET',
    path: '/v1/orders',
    auth: 'user',
    query: OrderListQuery,
    summary: "The caller's orders, newest first",
    success: [200, '{items, nextCursor}'],
  },
  'orders-get': {
    method: 'GET',
    path: '/v1/orders/{orderNumber}',
    auth: 'user',
    params: OrderParams,
    summary: "The caller's order (PENDING until written; poll it)",
    success: [200, 'the order'],
  },
  'orders-cancel': {
    method: 'POST',
    path: '/v1/orders/{orderNumber}/cancel',
    auth: 'user',
    params: OrderParams,
    summary: 'Cancel an unpaid order: seats back on sale',
    success: [200, 'the order, CANCELLED'],
  },
  'payments-create': {
    method: 'POST',
    path: '/v1/orders/{orderNumber}/payments',
    auth: 'user',
    params: OrderParams,
    body: PaymentBody,
    rateLimit: 'USER_BUY',
    summary: 'Start a payment for the order amount (Idempotency-Key required)',
    success: [201, '{paymentId, amountCents, channel, payUrl}'],
  },
  'payments-callback': {
    method: 'POST',
    path: '/v1/payments/callback',
    auth: 'none',
    summary: 'Payment provider callback, signed: x-signature = HMAC-SHA256 hex of the raw body',
    success: [200, '{ok: true}, also for repeats'],
  },
  'orders-payment-check': {
    method: 'POST',
    path: '/v1/orders/{orderNumber}/payment-check',
    auth: 'user',
    params: OrderParams,
    summary: 'Ask the provider about the payment and apply the answer (lost callbacks)',
    success: [200, 'the order'],
  },
  'orders-refund': {
    method: 'POST',
    path: '/v1/orders/{orderNumber}/refund',
    auth: 'user',
    params: OrderParams,
    body: RefundBody,
    summary: 'Refund a paid order before the show',
    success: [200, 'the order, REFUND_PENDING or REFUNDED'],
  },
  'orders-tickets': {
    method: 'GET',
    path: '/v1/orders/{orderNumber}/tickets',
    auth: 'user',
    params: OrderParams,
    summary: "The order's tickets with signed QR payloads and SVG QR images",
    success: [200, '{items}'],
  },
  'tickets-check-in': {
    method: 'POST',
    path: '/v1/tickets/check-in',
    auth: 'staff',
    body: CheckInBody,
    summary: 'Check a ticket in at the gate (once)',
    success: [200, '{ticketCode, status: USED}'],
  },
  'queue-join': {
    method: 'POST',
    path: '/v1/sessions/{sessionId}/queue',
    auth: 'user',
    params: SessionParams,
    body: QueueJoinBody,
    rateLimit: 'IP_QUEUE_JOIN',
    summary:
      'Join the session’s waiting room (one place per user; before the sale opens, a shuffled pre-queue); a captcha where the session asks for one',
    success: [
      201,
      '{status, preQueue, position, ahead, estimatedWaitSeconds, pollAfterSeconds, queueTicket, admissionToken?, admissionExpiresAt?} (200 with your existing place)',
    ],
  },
  'queue-status': {
    method: 'GET',
    path: '/v1/sessions/{sessionId}/queue',
    auth: 'user',
    params: SessionParams,
    summary:
      'Your place in the waiting room; send x-queue-ticket (from the last answer) so any server can answer at once; the admission token once admitted',
    success: [200, 'the place, as join answers it; 404 when not in line'],
  },
  'waitlist-join': {
    method: 'POST',
    path: '/v1/sessions/{sessionId}/waitlist',
    auth: 'user',
    params: SessionParams,
    body: WaitlistBody,
    summary:
      'Join a sold-out tier’s waitlist (first come, first served); with buyerIds, released seats are held for you',
    success: [201, '{waitlistId, position, status: WAITING} (200 with your existing entry)'],
  },
  'waitlist-get': {
    method: 'GET',
    path: '/v1/waitlist/{waitlistId}',
    auth: 'user',
    params: WaitlistParams,
    summary: "The caller's waitlist entry: status, live position, and the offer (holdId) when made",
    success: [200, 'the entry'],
  },
  'waitlist-leave': {
    method: 'DELETE',
    path: '/v1/waitlist/{waitlistId}',
    auth: 'user',
    params: WaitlistParams,
    summary: 'Leave the waitlist',
    success: [204, 'no body'],
  },
  'admin-programs-create': {
    method: 'POST',
    path: '/v1/admin/programs',
    auth: 'admin',
    body: ProgramBody,
    summary: 'Create a program with sessions, tiers and layouts',
    success: [201, '{programId, sessions}'],
  },
  'admin-sessions-open': {
    method: 'POST',
    path: '/v1/admin/sessions/{sessionId}/open',
    auth: 'admin',
    params: SessionParams,
    query: OpenSessionQuery,
    summary: 'Load the inventory into Redis and open the sale',
    success: [200, 'the session and its counts'],
  },
  'admin-queue-put': {
    method: 'PUT',
    path: '/v1/admin/sessions/{sessionId}/queue',
    auth: 'admin',
    params: SessionParams,
    body: QueueSettingsBody,
    summary:
      'Switch the session’s waiting room on or off and set its pace: admitPerMinute, admissionTtlSeconds (600), captcha (false)',
    success: [
      200,
      '{sessionId, enabled, admitPerMinute, admissionTtlSeconds, captcha, opensAt, claimWindowSeconds}',
    ],
  },
  'admin-sessions-stats': {
    method: 'GET',
    path: '/v1/admin/sessions/{sessionId}/stats',
    auth: 'admin',
    params: SessionParams,
    summary: 'Available, held and sold, by tier',
    success: [200, '{available, held, sold, byTier}'],
  },
  'admin-sessions-reconcile': {
    method: 'POST',
    path: '/v1/admin/sessions/{sessionId}/reconcile',
    auth: 'admin',
    params: SessionParams,
    body: ReconcileBody,
    summary:
      'Compare every seat in Redis with DynamoDB (the durable record); with repair, set Redis to DynamoDB seat by seat (compare-and-set)',
    success: [
      200,
      '{sessionId, checked, mismatchCount, mismatches: [{seatId, kind, redis, dynamodb}], repaired, skipped}',
    ],
  },
} as const satisfies Record<string, RouteDef>;

export type FunctionName = keyof typeof ROUTES;

/** Functions not behind HTTP: the Scheduler's target, the sweeper, the order queue's consumer, the ticket issuer. */
export const BACKGROUND_FUNCTIONS = [
  'hold-release',
  'hold-sweeper',
  'order-writer',
  'ticket-issuer',
  'waitlist-offers',
] as const;
