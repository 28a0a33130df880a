import { ROUTE_SPECS } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { listTickets } from '#shared/tickets/tickets.ts';

export const handler = httpHandler(ROUTE_SPECS['orders-tickets'], async (req) =>
  ok(await listTickets(deps(), caller(req), req.params.orderNumber)),
);
