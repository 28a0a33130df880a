import { adminSessionsCloseRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { closeSession } from '#shared/catalogue/session-lifecycle.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(adminSessionsCloseRoute, async ({ params }) =>
  ok(await closeSession(deps(), params.sessionId)),
);
