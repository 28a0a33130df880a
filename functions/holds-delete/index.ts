import { holdsDeleteRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { noContent } from '#platform/http/responses.ts';
import { holdPathDeps } from '#shared/app/hold-path-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { releaseHold } from '#shared/booking/holds.ts';

export const handler = httpHandler(holdsDeleteRoute, async (req) => {
  await releaseHold(holdPathDeps(), caller(req), req.params.holdId);
  return noContent();
});
