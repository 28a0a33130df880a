import { adminSessionsCloseRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { closeSession } from '#shared/catalogue/session-lifecycle.ts';

export const handler = httpHandler(adminSessionsCloseRoute, async ({ params }) =>
  ok(await closeSession(deps(), params.sessionId)),
);
