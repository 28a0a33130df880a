import { ROUTES } from '#functions/routes.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { noContent } from '#shared/http/responses.ts';
import { leaveWaitlist } from '#shared/waitlist/waitlist.ts';

export const handler = httpHandler(ROUTES['waitlist-leave'], async (req) => {
  await leaveWaitlist(deps(), caller(req), req.params.waitlistId);
  return noContent();
});
