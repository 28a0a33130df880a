import { buyersListRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { listBuyers } from '#shared/buyers/buyers.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(buyersListRoute, async (req) =>
  ok({ items: await listBuyers(coreDeps(), caller(req).userId) }),
);
