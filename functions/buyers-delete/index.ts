import { buyersDeleteRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { removeBuyer } from '#shared/buyers/buyers.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { noContent } from '#shared/http/responses.ts';

export const handler = httpHandler(buyersDeleteRoute, async (req) => {
  await removeBuyer(coreDeps(), caller(req).userId, req.params.buyerId);
  return noContent();
});
