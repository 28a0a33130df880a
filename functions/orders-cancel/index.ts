import { ordersCancelRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { cancelOrder } from '#shared/orders/order-changes.ts';

export const handler = httpHandler(ordersCancelRoute, async (req) =>
  ok(await cancelOrder(deps(), caller(req), req.params.orderNumber)),
);
