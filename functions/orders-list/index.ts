import { ordersListRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { listOrders } from '#shared/orders/order-queries.ts';

export const handler = httpHandler(ordersListRoute, async (req) =>
  ok(await listOrders(deps(), caller(req), req.query)),
);
