import { adminSessionsCancelRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { cancelSession } from '#shared/catalogue/session-cancel.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(adminSessionsCancelRoute, async ({ params, body }) =>
  ok(await cancelSession(deps(), params.sessionId, body.reason), 202),
);
