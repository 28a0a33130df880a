import { buyersListRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { listBuyers } from '#shared/buyers/buyers.ts';

export const handler = httpHandler(buyersListRoute, async (req) =>
  ok({ items: await listBuyers(coreDeps(), caller(req).userId) }),
);
