import { ordersRefundRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { refundOrder } from '#shared/orders/order-changes.ts';

export const handler = httpHandler(ordersRefundRoute, async (req) =>
  ok(await refundOrder(deps(), caller(req), req.params.orderNumber)),
);
