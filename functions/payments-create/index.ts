import { paymentsCreateRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { parseWith } from '#platform/http/validation.ts';
import { IdempotencyKey } from '#shared/api/schemas.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { startPayment } from '#shared/payments/payments.ts';

export const handler = httpHandler(paymentsCreateRoute, async (req) => {
  const key = parseWith(IdempotencyKey, req.headers['idempotency-key'], 'header.idempotency-key');
  return startPayment(deps(), caller(req), req.params.orderNumber, req.body, key);
});
