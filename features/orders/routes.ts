import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { type DepsOf, defineRoute, returns } from '#platform/http/route.ts';
import { SessionParams } from '#platform/http/schema-kit.ts';
import { parseWith } from '#platform/http/validation.ts';
import type * as R from '#shared/api/responses.ts';
import {
  CancelSessionBody,
  IdempotencyKey,
  OrderBody,
  OrderListQuery,
  OrderParams,
} from '#shared/api/schemas.ts';
import { cancelOrder } from '#shared/orders/order-changes.ts';
import { getOrder, listOrders } from '#shared/orders/order-queries.ts';
import { placeOrder } from '#shared/orders/place-order.ts';
import { cancelSession } from '#shared/orders/session-cancel.ts';

/*
 * The orders feature's routes: place an order (the number at once, written from SQS), read
 * and list them, cancel one. Their use cases, the order state machine and the stores are still
 * in shared/orders/.
 */

export const ordersCreate = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/orders',
  auth: 'user',
  body: OrderBody,
  rateLimit: 'USER_BUY',
  rateLimitAt: 'use-case',
  response: /* @__PURE__ */ returns<typeof R.OrderAccepted>(),
  needs: { table: 'readWrite', queueSend: true, scheduler: true, secrets: ['gate', 'pii'] },
  primeAtInit: true,
  // Every order holds (and schedules the release), records its idempotency key in DynamoDB
  // and enqueues to SQS: those clients load at init, not on the first order.
  preload: [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-scheduler',
    '@aws-sdk/client-sqs',
    '@aws-sdk/lib-dynamodb',
  ],
  run: async (req, d: DepsOf<typeof placeOrder>) => {
    const key = parseWith(IdempotencyKey, req.headers['idempotency-key'], 'header.idempotency-key');
    return placeOrder(d, caller(req), req.body, key, req.headers['x-admission-token']);
  },
});

export const ordersList = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/orders',
  auth: 'user',
  query: OrderListQuery,
  response: /* @__PURE__ */ returns<typeof R.OrderList>(),
  needs: { table: 'read' },
  run: async (req, d: DepsOf<typeof listOrders>) => ok(await listOrders(d, caller(req), req.query)),
});

export const ordersGet = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/orders/{orderNumber}',
  auth: 'user',
  params: OrderParams,
  response: /* @__PURE__ */ returns<typeof R.Order>(),
  needs: { table: 'read' },
  primeAtInit: true,
  run: async (req, d: DepsOf<typeof getOrder>) => ok(await getOrder(d, caller(req), req.params.orderNumber)),
});

export const ordersCancel = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/orders/{orderNumber}/cancel',
  auth: 'user',
  params: OrderParams,
  response: /* @__PURE__ */ returns<typeof R.Order>(),
  needs: { table: 'readWrite', scheduler: true, events: true, payments: true },
  run: async (req, d: DepsOf<typeof cancelOrder>) =>
    ok(await cancelOrder(d, caller(req), req.params.orderNumber)),
});

// A session cancelled by its organiser: every order of it cancelled or refunded (the
// session-cancel job), so it is the orders' route, not the sessions'.
export const adminSessionsCancel = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/admin/sessions/{sessionId}/cancel',
  auth: 'admin',
  params: SessionParams,
  body: CancelSessionBody,
  response: /* @__PURE__ */ returns<typeof R.Cancellation>(),
  // Marks the session cancelling, unlists it and queues the job's first step.
  needs: { table: 'readWrite', search: 'readWrite', jobSend: true },
  run: async ({ params, body }, d: DepsOf<typeof cancelSession>) =>
    ok(await cancelSession(d, params.sessionId, body.reason), 202),
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const ORDERS_ROUTES = {
  'orders-create': ordersCreate,
  'orders-list': ordersList,
  'orders-get': ordersGet,
  'orders-cancel': ordersCancel,
  'admin-sessions-cancel': adminSessionsCancel,
};
