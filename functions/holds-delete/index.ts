import { holdsDeleteRoute } from '#functions/route-specs.ts';
import { holdPathDeps } from '#shared/app/hold-path-container.ts';
import { releaseHold } from '#shared/booking/holds.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { noContent } from '#shared/http/responses.ts';

export const handler = httpHandler(holdsDeleteRoute, async (req) => {
  await releaseHold(holdPathDeps(), caller(req), req.params.holdId);
  return noContent();
});
