import type { RouteRuntime } from '#platform/http/route.ts';
import type * as R from '#shared/api/responses.ts';
import {
  CancelSessionBody,
  CheckInBody,
  HoldBody,
  HoldParams,
  HomeQuery,
  OpenSessionQuery,
  OrderBody,
  OrderListQuery,
  OrderParams,
  PaymentBody,
  ProgramBody,
  ProgramParams,
  ProgramPatchBody,
  ReconcileBody,
  RefundBody,
  ReindexParams,
  SearchQuery,
  SessionParams,
  SessionPatchBody,
} from '#shared/api/schemas.ts';

/**
 * A route's success body, carried in the spec's type and not as a value (see
 * platform/http/route.ts). Declared here, not imported: esbuild honours @__NO_SIDE_EFFECTS__
 * only on calls in the same file (evanw/esbuild#4369), and an impure call would keep every
 * route object, with its request schemas, in every function's bundle.
 */
// @__NO_SIDE_EFFECTS__
function returns<T>(): T {
  return undefined as unknown as T;
}

/**
 * Every HTTP route of docs/API.md, keyed by the function (folder under functions/) that
 * serves it: method, path, auth, request schemas and rate limit. The handlers take their spec
 * from here; app/registry.ts joins it with the documentation for the local runtime's
 * router, the CDK routes and the OpenAPI document.
 */
export const healthRoute = {
  method: 'GET',
  path: '/health',
  auth: 'none',
  response: returns<typeof R.Health>(),
} as const satisfies RouteRuntime;

export const citiesListRoute = {
  method: 'GET',
  path: '/v1/cities',
  auth: 'none',
  response: returns<typeof R.Cities>(),
} as const satisfies RouteRuntime;

export const categoriesListRoute = {
  method: 'GET',
  path: '/v1/categories',
  auth: 'none',
  response: returns<typeof R.Categories>(),
} as const satisfies RouteRuntime;

export const programsSearchRoute = {
  method: 'GET',
  path: '/v1/programs',
  auth: 'none',
  query: SearchQuery,
  response: returns<typeof R.SearchPage>(),
} as const satisfies RouteRuntime;

export const homeRoute = {
  method: 'GET',
  path: '/v1/home',
  auth: 'none',
  query: HomeQuery,
  response: returns<typeof R.Home>(),
} as const satisfies RouteRuntime;

export const programsGetRoute = {
  method: 'GET',
  path: '/v1/programs/{programId}',
  auth: 'optional',
  params: ProgramParams,
  response: returns<typeof R.ProgramDetail>(),
} as const satisfies RouteRuntime;

export const sessionsGetRoute = {
  method: 'GET',
  path: '/v1/sessions/{sessionId}',
  auth: 'none',
  params: SessionParams,
  response: returns<typeof R.Session>(),
} as const satisfies RouteRuntime;

export const seatMapRoute = {
  method: 'GET',
  path: '/v1/sessions/{sessionId}/seats',
  auth: 'none',
  params: SessionParams,
  response: returns<typeof R.SeatMap>(),
} as const satisfies RouteRuntime;

export const holdsCreateRoute = {
  method: 'POST',
  path: '/v1/sessions/{sessionId}/holds',
  auth: 'user',
  params: SessionParams,
  body: HoldBody,
  rateLimit: 'USER_BUY',
  rateLimitAt: 'use-case',
  response: returns<typeof R.Hold>(),
} as const satisfies RouteRuntime;

export const holdsGetRoute = {
  method: 'GET',
  path: '/v1/holds/{holdId}',
  auth: 'user',
  params: HoldParams,
  response: returns<typeof R.Hold>(),
} as const satisfies RouteRuntime;

export const holdsDeleteRoute = {
  method: 'DELETE',
  path: '/v1/holds/{holdId}',
  auth: 'user',
  params: HoldParams,
} as const satisfies RouteRuntime;

export const ordersCreateRoute = {
  method: 'POST',
  path: '/v1/orders',
  auth: 'user',
  body: OrderBody,
  rateLimit: 'USER_BUY',
  rateLimitAt: 'use-case',
  response: returns<typeof R.OrderAccepted>(),
} as const satisfies RouteRuntime;

export const ordersListRoute = {
  method: 'GET',
  path: '/v1/orders',
  auth: 'user',
  query: OrderListQuery,
  response: returns<typeof R.OrderList>(),
} as const satisfies RouteRuntime;

export const ordersGetRoute = {
  method: 'GET',
  path: '/v1/orders/{orderNumber}',
  auth: 'user',
  params: OrderParams,
  response: returns<typeof R.Order>(),
} as const satisfies RouteRuntime;

export const ordersCancelRoute = {
  method: 'POST',
  path: '/v1/orders/{orderNumber}/cancel',
  auth: 'user',
  params: OrderParams,
  response: returns<typeof R.Order>(),
} as const satisfies RouteRuntime;

export const paymentsCreateRoute = {
  method: 'POST',
  path: '/v1/orders/{orderNumber}/payments',
  auth: 'user',
  params: OrderParams,
  body: PaymentBody,
  rateLimit: 'USER_BUY',
  response: returns<typeof R.PaymentStarted>(),
} as const satisfies RouteRuntime;

export const paymentsCallbackRoute = {
  method: 'POST',
  path: '/v1/payments/callback',
  auth: 'none',
  response: returns<typeof R.CallbackAck>(),
} as const satisfies RouteRuntime;

export const paymentsAlipayNotifyRoute = {
  method: 'POST',
  path: '/v1/payments/alipay/notify',
  auth: 'none',
} as const satisfies RouteRuntime;

export const ordersPaymentCheckRoute = {
  method: 'POST',
  path: '/v1/orders/{orderNumber}/payment-check',
  auth: 'user',
  params: OrderParams,
  response: returns<typeof R.Order>(),
} as const satisfies RouteRuntime;

export const ordersRefundRoute = {
  method: 'POST',
  path: '/v1/orders/{orderNumber}/refund',
  auth: 'user',
  params: OrderParams,
  body: RefundBody,
  response: returns<typeof R.Order>(),
} as const satisfies RouteRuntime;

export const ordersTicketsRoute = {
  method: 'GET',
  path: '/v1/orders/{orderNumber}/tickets',
  auth: 'user',
  params: OrderParams,
  response: returns<typeof R.Tickets>(),
} as const satisfies RouteRuntime;

export const ticketsCheckInRoute = {
  method: 'POST',
  path: '/v1/tickets/check-in',
  auth: 'staff',
  body: CheckInBody,
  response: returns<typeof R.CheckedIn>(),
} as const satisfies RouteRuntime;

export const adminProgramsCreateRoute = {
  method: 'POST',
  path: '/v1/admin/programs',
  auth: 'admin',
  body: ProgramBody,
  response: returns<typeof R.ProgramCreated>(),
} as const satisfies RouteRuntime;

export const adminProgramsPatchRoute = {
  method: 'PATCH',
  path: '/v1/admin/programs/{programId}',
  auth: 'admin',
  params: ProgramParams,
  body: ProgramPatchBody,
  response: returns<typeof R.ProgramRecord>(),
} as const satisfies RouteRuntime;

export const adminSessionsPatchRoute = {
  method: 'PATCH',
  path: '/v1/admin/sessions/{sessionId}',
  auth: 'admin',
  params: SessionParams,
  body: SessionPatchBody,
  response: returns<typeof R.Session>(),
} as const satisfies RouteRuntime;

export const adminSessionsCloseRoute = {
  method: 'POST',
  path: '/v1/admin/sessions/{sessionId}/close',
  auth: 'admin',
  params: SessionParams,
  response: returns<typeof R.Session>(),
} as const satisfies RouteRuntime;

export const adminSessionsCancelRoute = {
  method: 'POST',
  path: '/v1/admin/sessions/{sessionId}/cancel',
  auth: 'admin',
  params: SessionParams,
  body: CancelSessionBody,
  response: returns<typeof R.Cancellation>(),
} as const satisfies RouteRuntime;

export const adminSessionsOpenRoute = {
  method: 'POST',
  path: '/v1/admin/sessions/{sessionId}/open',
  auth: 'admin',
  params: SessionParams,
  query: OpenSessionQuery,
  response: returns<typeof R.Opened>(),
} as const satisfies RouteRuntime;

export const adminSessionsStatsRoute = {
  method: 'GET',
  path: '/v1/admin/sessions/{sessionId}/stats',
  auth: 'admin',
  params: SessionParams,
  response: returns<typeof R.Stats>(),
} as const satisfies RouteRuntime;

export const adminSessionsReconcileRoute = {
  method: 'POST',
  path: '/v1/admin/sessions/{sessionId}/reconcile',
  auth: 'admin',
  params: SessionParams,
  body: ReconcileBody,
  response: returns<typeof R.Reconciled>(),
} as const satisfies RouteRuntime;

export const adminSearchReindexRoute = {
  method: 'POST',
  path: '/v1/admin/search/reindex',
  auth: 'admin',
  response: returns<typeof R.Reindex>(),
} as const satisfies RouteRuntime;

export const adminSearchReindexGetRoute = {
  method: 'GET',
  path: '/v1/admin/search/reindex/{reindexId}',
  auth: 'admin',
  params: ReindexParams,
  response: returns<typeof R.Reindex>(),
} as const satisfies RouteRuntime;

export const ROUTE_SPECS = {
  health: healthRoute,
  'cities-list': citiesListRoute,
  'categories-list': categoriesListRoute,
  'programs-search': programsSearchRoute,
  home: homeRoute,
  'programs-get': programsGetRoute,
  'sessions-get': sessionsGetRoute,
  'seat-map': seatMapRoute,
  'holds-create': holdsCreateRoute,
  'holds-get': holdsGetRoute,
  'holds-delete': holdsDeleteRoute,
  'orders-create': ordersCreateRoute,
  'orders-list': ordersListRoute,
  'orders-get': ordersGetRoute,
  'orders-cancel': ordersCancelRoute,
  'payments-create': paymentsCreateRoute,
  'payments-callback': paymentsCallbackRoute,
  'payments-alipay-notify': paymentsAlipayNotifyRoute,
  'orders-payment-check': ordersPaymentCheckRoute,
  'orders-refund': ordersRefundRoute,
  'orders-tickets': ordersTicketsRoute,
  'tickets-check-in': ticketsCheckInRoute,
  'admin-programs-create': adminProgramsCreateRoute,
  'admin-programs-patch': adminProgramsPatchRoute,
  'admin-sessions-patch': adminSessionsPatchRoute,
  'admin-sessions-close': adminSessionsCloseRoute,
  'admin-sessions-cancel': adminSessionsCancelRoute,
  'admin-sessions-open': adminSessionsOpenRoute,
  'admin-sessions-stats': adminSessionsStatsRoute,
  'admin-sessions-reconcile': adminSessionsReconcileRoute,
  'admin-search-reindex': adminSearchReindexRoute,
  'admin-search-reindex-get': adminSearchReindexGetRoute,
} as const;

export type FunctionName = keyof typeof ROUTE_SPECS;
