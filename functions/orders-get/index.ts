import { ordersGetRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { getOrder } from '#shared/orders/order-queries.ts';

export const handler = httpHandler(ordersGetRoute, async (req) =>
  ok(await getOrder(deps(), caller(req), req.params.orderNumber)),
);
