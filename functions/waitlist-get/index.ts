import { waitlistGetRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { getWaitlistEntry } from '#shared/waitlist/waitlist.ts';

export const handler = httpHandler(waitlistGetRoute, async (req) =>
  ok(await getWaitlistEntry(deps(), caller(req), req.params.waitlistId)),
);
