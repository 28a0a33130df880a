import { buyersDeleteRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { noContent } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { removeBuyer } from '#shared/buyers/buyers.ts';

export const handler = httpHandler(buyersDeleteRoute, async (req) => {
  await removeBuyer(coreDeps(), caller(req).userId, req.params.buyerId);
  return noContent();
});
