import { HoldParams } from '#shared/api/schemas.ts';
import { deps } from '#shared/app/container.ts';
import { getHold } from '#shared/booking/holds.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler({ auth: 'user', params: HoldParams }, async (req) =>
  ok(await getHold(deps(), caller(req), req.params.holdId)),
);
