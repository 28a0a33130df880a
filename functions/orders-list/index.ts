import { ordersListRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { listOrders } from '#shared/orders/order-queries.ts';

export const handler = httpHandler(ordersListRoute, async (req) =>
  ok(await listOrders(deps(), caller(req), req.query)),
);
