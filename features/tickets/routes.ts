import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { type DepsOf, defineRoute, returns } from '#platform/http/route.ts';
import type * as R from '#shared/api/responses.ts';
import { CheckInBody, OrderParams } from '#shared/api/schemas.ts';
import { checkIn, listTickets } from '#shared/tickets/tickets.ts';

/*
 * The tickets feature's routes: a buyer's tickets and the gate's check-in. Their use cases,
 * the signer and the store are still in shared/tickets/.
 */

export const ordersTickets = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/orders/{orderNumber}/tickets',
  auth: 'user',
  params: OrderParams,
  response: /* @__PURE__ */ returns<typeof R.Tickets>(),
  needs: { table: 'read' },
  run: async (req, d: DepsOf<typeof listTickets>) =>
    ok(await listTickets(d, caller(req), req.params.orderNumber)),
});

export const ticketsCheckIn = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/tickets/check-in',
  auth: 'staff',
  body: CheckInBody,
  response: /* @__PURE__ */ returns<typeof R.CheckedIn>(),
  needs: { table: 'readWrite', ticketVerify: true },
  run: async (req, d: DepsOf<typeof checkIn>) => ok(await checkIn(d, req.body.qrPayload, req.body.sessionId)),
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const TICKETS_ROUTES = {
  'orders-tickets': ordersTickets,
  'tickets-check-in': ticketsCheckIn,
};
