import { ordersPaymentCheckRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { paymentCheck } from '#shared/payments/payments.ts';

export const handler = httpHandler(ordersPaymentCheckRoute, async (req) =>
  ok(await paymentCheck(deps(), caller(req), req.params.orderNumber)),
);
