import { waitlistLeaveRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { noContent } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { leaveWaitlist } from '#shared/waitlist/waitlist.ts';

export const handler = httpHandler(waitlistLeaveRoute, async (req) => {
  await leaveWaitlist(deps(), caller(req), req.params.waitlistId);
  return noContent();
});
