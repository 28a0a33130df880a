import { waitlistLeaveRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { noContent } from '#shared/http/responses.ts';
import { leaveWaitlist } from '#shared/waitlist/waitlist.ts';

export const handler = httpHandler(waitlistLeaveRoute, async (req) => {
  await leaveWaitlist(deps(), caller(req), req.params.waitlistId);
  return noContent();
});
