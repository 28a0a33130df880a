import { holdsGetRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { getHold } from '#shared/booking/holds.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(holdsGetRoute, async (req) =>
  ok(await getHold(coreDeps(), caller(req), req.params.holdId)),
);
