import { ordersTicketsRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { listTickets } from '#shared/tickets/tickets.ts';

export const handler = httpHandler(ordersTicketsRoute, async (req) =>
  ok(await listTickets(deps(), caller(req), req.params.orderNumber)),
);
