import { ordersGetRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { primeHotPath } from '#shared/app/hold-path-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { primeAtInit } from '#shared/app/prime.ts';
import { getOrder } from '#shared/orders/order-queries.ts';

// In Lambda, the first request's setup (secrets, Redis, the token key) runs during init.
await primeAtInit(() => primeHotPath(deps));

export const handler = httpHandler(ordersGetRoute, async (req) =>
  ok(await getOrder(deps(), caller(req), req.params.orderNumber)),
);
