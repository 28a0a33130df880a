import { ordersTicketsRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { listTickets } from '#shared/tickets/tickets.ts';

export const handler = httpHandler(ordersTicketsRoute, async (req) =>
  ok(await listTickets(deps(), caller(req), req.params.orderNumber)),
);
