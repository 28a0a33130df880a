import type { RouteDocs } from '#platform/http/route.ts';
import * as R from '#shared/api/responses.ts';
import type { TICKETS_ROUTES } from './routes.ts';

/** What the OpenAPI document and the contract check say of each tickets route (tools only, never bundled). */
export const TICKETS_ROUTE_DOCS = {
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
} satisfies Record<keyof typeof TICKETS_ROUTES, RouteDocs>;
