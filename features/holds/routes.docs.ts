import type { RouteDocs } from '#platform/http/route.ts';
import * as R from '#shared/api/responses.ts';
import type { HOLDS_ROUTES } from './routes.ts';

/** What the OpenAPI document and the contract check say of each holds route (tools only, never bundled). */
export const HOLDS_ROUTE_DOCS = {
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
} satisfies Record<keyof typeof HOLDS_ROUTES, RouteDocs>;
