import { paymentsCreateRoute } from '#functions/route-specs.ts';
import { IdempotencyKey } from '#shared/api/schemas.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { parseWith } from '#shared/http/validation.ts';
import { startPayment } from '#shared/payments/payments.ts';

export const handler = httpHandler(paymentsCreateRoute, async (req) => {
  const key = parseWith(IdempotencyKey, req.headers['idempotency-key'], 'header.idempotency-key');
  return startPayment(deps(), caller(req), req.params.orderNumber, req.body, key);
});
