import { waitlistJoinRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { joinWaitlist } from '#shared/waitlist/waitlist.ts';

export const handler = httpHandler(waitlistJoinRoute, async (req) => {
  const { joined, ...entry } = await joinWaitlist(deps(), caller(req), req.params.sessionId, req.body);
  return ok(entry, joined ? 201 : 200);
});
