import { holdsGetRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { holdPathDeps } from '#shared/app/hold-path-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { getHold } from '#shared/booking/holds.ts';

export const handler = httpHandler(holdsGetRoute, async (req) =>
  ok(await getHold(holdPathDeps(), caller(req), req.params.holdId)),
);
