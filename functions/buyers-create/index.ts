import { buyersCreateRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { addBuyer } from '#shared/buyers/buyers.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';

export const handler = httpHandler(buyersCreateRoute, async (req) =>
  created(await addBuyer(coreDeps(), caller(req).userId, req.body)),
);
