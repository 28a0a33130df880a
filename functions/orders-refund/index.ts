import { ordersRefundRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { refundOrder } from '#shared/orders/order-changes.ts';

export const handler = httpHandler(ordersRefundRoute, async (req) =>
  ok(await refundOrder(deps(), caller(req), req.params.orderNumber)),
);
