import { holdsDeleteRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { releaseHold } from '#shared/booking/holds.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { noContent } from '#shared/http/responses.ts';

export const handler = httpHandler(holdsDeleteRoute, async (req) => {
  await releaseHold(coreDeps(), caller(req), req.params.holdId);
  return noContent();
});
