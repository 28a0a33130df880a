import { holdsGetRoute } from '#functions/route-specs.ts';
import { holdPathDeps } from '#shared/app/hold-path-container.ts';
import { getHold } from '#shared/booking/holds.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(holdsGetRoute, async (req) =>
  ok(await getHold(holdPathDeps(), caller(req), req.params.holdId)),
);
