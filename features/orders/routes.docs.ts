import type { RouteDocs } from '#platform/http/route.ts';
import * as R from '#shared/api/responses.ts';
import type { ORDERS_ROUTES } from './routes.ts';

/** What the OpenAPI document and the contract check say of each orders route (tools only, never bundled). */
export const ORDERS_ROUTE_DOCS = {
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
  'admin-sessions-cancel': {
    summary:
      'Cancel the session: holds released, unpaid orders cancelled, paid orders refunded, tickets void, buyers told (a job)',
    success: [202, '{sessionId, status: CANCELLING, reason, requestedAt}'],
    response: R.Cancellation,
  },
} satisfies Record<keyof typeof ORDERS_ROUTES, RouteDocs>;
