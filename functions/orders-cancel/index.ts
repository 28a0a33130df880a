import { ordersCancelRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { cancelOrder } from '#shared/orders/order-changes.ts';

export const handler = httpHandler(ordersCancelRoute, async (req) =>
  ok(await cancelOrder(deps(), caller(req), req.params.orderNumber)),
);
