import { ordersPaymentCheckRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { paymentCheck } from '#shared/payments/payments.ts';

export const handler = httpHandler(ordersPaymentCheckRoute, async (req) =>
  ok(await paymentCheck(deps(), caller(req), req.params.orderNumber)),
);
