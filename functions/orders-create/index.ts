// Loaded at init, not on the first request: every order holds (and schedules the release),
// records its idempotency key in DynamoDB and enqueues to SQS.
import '@aws-sdk/client-dynamodb';
import '@aws-sdk/client-scheduler';
import '@aws-sdk/client-sqs';
import '@aws-sdk/lib-dynamodb';
import { ordersCreateRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { parseWith } from '#platform/http/validation.ts';
import { IdempotencyKey } from '#shared/api/schemas.ts';
import { deps } from '#shared/app/container.ts';
import { primeHotPath } from '#shared/app/hold-path-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { primeAtInit } from '#shared/app/prime.ts';
import { placeOrder } from '#shared/orders/place-order.ts';

// In Lambda, the first request's setup (secrets, Redis, the token key) runs during init.
await primeAtInit(() => primeHotPath(deps));

export const handler = httpHandler(ordersCreateRoute, async (req) => {
  const key = parseWith(IdempotencyKey, req.headers['idempotency-key'], 'header.idempotency-key');
  return placeOrder(deps(), caller(req), req.body, key, req.headers['x-admission-token']);
});
