import { waitlistJoinRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { joinWaitlist } from '#shared/waitlist/waitlist.ts';

export const handler = httpHandler(waitlistJoinRoute, async (req) => {
  const { joined, ...entry } = await joinWaitlist(deps(), caller(req), req.params.sessionId, req.body);
  return ok(entry, joined ? 201 : 200);
});
