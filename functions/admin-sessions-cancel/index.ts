import { adminSessionsCancelRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { cancelSession } from '#shared/catalogue/session-cancel.ts';

export const handler = httpHandler(adminSessionsCancelRoute, async ({ params, body }) =>
  ok(await cancelSession(deps(), params.sessionId, body.reason), 202),
);
