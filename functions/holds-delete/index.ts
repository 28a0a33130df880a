import { ROUTES } from '#functions/routes.ts';
import { deps } from '#shared/app/container.ts';
import { releaseHold } from '#shared/booking/holds.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { noContent } from '#shared/http/responses.ts';

export const handler = httpHandler(ROUTES['holds-delete'], async (req) => {
  await releaseHold(deps(), caller(req), req.params.holdId);
  return noContent();
});
