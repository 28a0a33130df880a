import { waitlistGetRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { getWaitlistEntry } from '#shared/waitlist/waitlist.ts';

export const handler = httpHandler(waitlistGetRoute, async (req) =>
  ok(await getWaitlistEntry(deps(), caller(req), req.params.waitlistId)),
);
