import type * as z from 'zod/mini';
import type * as R from '#shared/api/responses.ts';
import {
  BuyerBody,
  BuyerIdParams,
  CancelSessionBody,
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
  ProgramPatchBody,
  QueueJoinBody,
  QueueSettingsBody,
  ReconcileBody,
  RefundBody,
  RegisterBody,
  SearchQuery,
  SessionParams,
  SessionPatchBody,
  VoucherBody,
  WaitlistBody,
  WaitlistParams,
} from '#shared/api/schemas.ts';
import type { RouteSpec } from '#shared/http/handler.ts';

/** What a function needs of its route when it runs: where it is, who may call, what it accepts. */
export interface RouteRuntime extends RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** The success body's schema, as a type only (`returns`): the handler's answer is typed by it. */
  response?: z.ZodMiniType;
}

/**
 * A route's success body, carried in the spec's type and not as a value: handlers that build
 * what the contract does not allow do not compile, while the response schemas and the route
 * documentation (functions/route-docs.ts) stay out of the functions' bundles.
 */
const returns = <T>(): T => undefined as unknown as T;

/**
 * Every HTTP route of docs/API.md, keyed by the function (folder under functions/) that
 * serves it: method, path, auth, request schemas and rate limit. The handlers take their spec
 * from here; functions/routes.ts joins it with the documentation for the local runtime's
 * router, the CDK routes and the OpenAPI document.
 */
export const ROUTE_SPECS = {
  health: {
    method: 'GET',
    path: '/health',
    auth: 'none',
    response: returns<typeof R.Health>(),
  },
  'users-register': {
    method: 'POST',
    path: '/v1/users',
    auth: 'none',
    body: RegisterBody,
    rateLimit: 'IP_REGISTER',
    response: returns<typeof R.UserCreated>(),
  },
  'auth-login': {
    method: 'POST',
    path: '/v1/auth/login',
    auth: 'none',
    body: LoginBody,
    rateLimit: 'IP_LOGIN',
    response: returns<typeof R.Login>(),
  },
  'captcha-get': {
    method: 'GET',
    path: '/v1/captcha',
    auth: 'none',
    rateLimit: 'IP_CAPTCHA',
    response: returns<typeof R.Captcha>(),
  },
  'auth-logout': {
    method: 'POST',
    path: '/v1/auth/logout',
    auth: 'user',
  },
  'users-me': {
    method: 'GET',
    path: '/v1/users/me',
    auth: 'user',
    response: returns<typeof R.Me>(),
  },
  'buyers-create': {
    method: 'POST',
    path: '/v1/users/me/buyers',
    auth: 'user',
    body: BuyerBody,
    response: returns<typeof R.Buyer>(),
  },
  'buyers-list': {
    method: 'GET',
    path: '/v1/users/me/buyers',
    auth: 'user',
    response: returns<typeof R.BuyerList>(),
  },
  'buyers-delete': {
    method: 'DELETE',
    path: '/v1/users/me/buyers/{buyerId}',
    auth: 'user',
    params: BuyerIdParams,
  },
  'cities-list': {
    method: 'GET',
    path: '/v1/cities',
    auth: 'none',
    response: returns<typeof R.Cities>(),
  },
  'categories-list': {
    method: 'GET',
    path: '/v1/categories',
    auth: 'none',
    response: returns<typeof R.Categories>(),
  },
  'programs-search': {
    method: 'GET',
    path: '/v1/programs',
    auth: 'none',
    query: SearchQuery,
    response: returns<typeof R.SearchPage>(),
  },
  home: {
    method: 'GET',
    path: '/v1/home',
    auth: 'none',
    query: HomeQuery,
    response: returns<typeof R.Home>(),
  },
  'programs-get': {
    method: 'GET',
    path: '/v1/programs/{programId}',
    auth: 'optional',
    params: ProgramParams,
    response: returns<typeof R.ProgramDetail>(),
  },
  'sessions-get': {
    method: 'GET',
    path: '/v1/sessions/{sessionId}',
    auth: 'none',
    params: SessionParams,
    response: returns<typeof R.Session>(),
  },
  'seat-map': {
    method: 'GET',
    path: '/v1/sessions/{sessionId}/seats',
    auth: 'none',
    params: SessionParams,
    response: returns<typeof R.SeatMap>(),
  },
  'holds-create': {
    method: 'POST',
    path: '/v1/sessions/{sessionId}/holds',
    auth: 'user',
    params: SessionParams,
    body: HoldBody,
    rateLimit: 'USER_BUY',
    rateLimitAt: 'use-case',
    response: returns<typeof R.Hold>(),
  },
  'holds-get': {
    method: 'GET',
    path: '/v1/holds/{holdId}',
    auth: 'user',
    params: HoldParams,
    response: returns<typeof R.Hold>(),
  },
  'holds-delete': {
    method: 'DELETE',
    path: '/v1/holds/{holdId}',
    auth: 'user',
    params: HoldParams,
  },
  'orders-create': {
    method: 'POST',
    path: '/v1/orders',
    auth: 'user',
    body: OrderBody,
    rateLimit: 'USER_BUY',
    rateLimitAt: 'use-case',
    response: returns<typeof R.OrderAccepted>(),
  },
  'orders-list': {
    method: 'GET',
    path: '/v1/orders',
    auth: 'user',
    query: OrderListQuery,
    response: returns<typeof R.OrderList>(),
  },
  'orders-get': {
    method: 'GET',
    path: '/v1/orders/{orderNumber}',
    auth: 'user',
    params: OrderParams,
    response: returns<typeof R.Order>(),
  },
  'orders-cancel': {
    method: 'POST',
    path: '/v1/orders/{orderNumber}/cancel',
    auth: 'user',
    params: OrderParams,
    response: returns<typeof R.Order>(),
  },
  'payments-create': {
    method: 'POST',
    path: '/v1/orders/{orderNumber}/payments',
    auth: 'user',
    params: OrderParams,
    body: PaymentBody,
    rateLimit: 'USER_BUY',
    response: returns<typeof R.PaymentStarted>(),
  },
  'payments-callback': {
    method: 'POST',
    path: '/v1/payments/callback',
    auth: 'none',
    response: returns<typeof R.CallbackAck>(),
  },
  'payments-alipay-notify': {
    method: 'POST',
    path: '/v1/payments/alipay/notify',
    auth: 'none',
  },
  'orders-payment-check': {
    method: 'POST',
    path: '/v1/orders/{orderNumber}/payment-check',
    auth: 'user',
    params: OrderParams,
    response: returns<typeof R.Order>(),
  },
  'orders-refund': {
    method: 'POST',
    path: '/v1/orders/{orderNumber}/refund',
    auth: 'user',
    params: OrderParams,
    body: RefundBody,
    response: returns<typeof R.Order>(),
  },
  'orders-tickets': {
    method: 'GET',
    path: '/v1/orders/{orderNumber}/tickets',
    auth: 'user',
    params: OrderParams,
    response: returns<typeof R.Tickets>(),
  },
  'tickets-check-in': {
    method: 'POST',
    path: '/v1/tickets/check-in',
    auth: 'staff',
    body: CheckInBody,
    response: returns<typeof R.CheckedIn>(),
  },
  'queue-join': {
    method: 'POST',
    path: '/v1/sessions/{sessionId}/queue',
    auth: 'user',
    params: SessionParams,
    body: QueueJoinBody,
    rateLimit: 'IP_QUEUE_JOIN',
    response: returns<typeof R.QueuePlace>(),
  },
  'queue-status': {
    method: 'GET',
    path: '/v1/sessions/{sessionId}/queue',
    auth: 'user',
    params: SessionParams,
    response: returns<typeof R.QueuePlace>(),
  },
  'waitlist-join': {
    method: 'POST',
    path: '/v1/sessions/{sessionId}/waitlist',
    auth: 'user',
    params: SessionParams,
    body: WaitlistBody,
    response: returns<typeof R.WaitlistJoined>(),
  },
  'waitlist-get': {
    method: 'GET',
    path: '/v1/waitlist/{waitlistId}',
    auth: 'user',
    params: WaitlistParams,
    response: returns<typeof R.WaitlistEntry>(),
  },
  'waitlist-leave': {
    method: 'DELETE',
    path: '/v1/waitlist/{waitlistId}',
    auth: 'user',
    params: WaitlistParams,
  },
  'admin-programs-create': {
    method: 'POST',
    path: '/v1/admin/programs',
    auth: 'admin',
    body: ProgramBody,
    response: returns<typeof R.ProgramCreated>(),
  },
  'admin-programs-patch': {
    method: 'PATCH',
    path: '/v1/admin/programs/{programId}',
    auth: 'admin',
    params: ProgramParams,
    body: ProgramPatchBody,
    response: returns<typeof R.ProgramRecord>(),
  },
  'admin-vouchers-create': {
    method: 'POST',
    path: '/v1/admin/programs/{programId}/vouchers',
    auth: 'admin',
    params: ProgramParams,
    body: VoucherBody,
    response: returns<typeof R.Voucher>(),
  },
  'admin-vouchers-list': {
    method: 'GET',
    path: '/v1/admin/programs/{programId}/vouchers',
    auth: 'admin',
    params: ProgramParams,
    response: returns<typeof R.VoucherList>(),
  },
  'admin-sessions-patch': {
    method: 'PATCH',
    path: '/v1/admin/sessions/{sessionId}',
    auth: 'admin',
    params: SessionParams,
    body: SessionPatchBody,
    response: returns<typeof R.Session>(),
  },
  'admin-sessions-close': {
    method: 'POST',
    path: '/v1/admin/sessions/{sessionId}/close',
    auth: 'admin',
    params: SessionParams,
    response: returns<typeof R.Session>(),
  },
  'admin-sessions-cancel': {
    method: 'POST',
    path: '/v1/admin/sessions/{sessionId}/cancel',
    auth: 'admin',
    params: SessionParams,
    body: CancelSessionBody,
    response: returns<typeof R.Cancellation>(),
  },
  'admin-sessions-open': {
    method: 'POST',
    path: '/v1/admin/sessions/{sessionId}/open',
    auth: 'admin',
    params: SessionParams,
    query: OpenSessionQuery,
    response: returns<typeof R.Opened>(),
  },
  'admin-queue-put': {
    method: 'PUT',
    path: '/v1/admin/sessions/{sessionId}/queue',
    auth: 'admin',
    params: SessionParams,
    body: QueueSettingsBody,
    response: returns<typeof R.QueueSettings>(),
  },
  'admin-sessions-stats': {
    method: 'GET',
    path: '/v1/admin/sessions/{sessionId}/stats',
    auth: 'admin',
    params: SessionParams,
    response: returns<typeof R.Stats>(),
  },
  'admin-sessions-reconcile': {
    method: 'POST',
    path: '/v1/admin/sessions/{sessionId}/reconcile',
    auth: 'admin',
    params: SessionParams,
    body: ReconcileBody,
    response: returns<typeof R.Reconciled>(),
  },
} as const satisfies Record<string, RouteRuntime>;

export type FunctionName = keyof typeof ROUTE_SPECS;
