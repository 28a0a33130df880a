import { buyersCreateRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { created } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { addBuyer } from '#shared/buyers/buyers.ts';

export const handler = httpHandler(buyersCreateRoute, async (req) =>
  created(await addBuyer(coreDeps(), caller(req).userId, req.body)),
);
