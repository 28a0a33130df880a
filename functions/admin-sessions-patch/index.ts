import { adminSessionsPatchRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { patchSession } from '#shared/catalogue/session-lifecycle.ts';

export const handler = httpHandler(adminSessionsPatchRoute, async ({ params, body }) =>
  ok(await patchSession(deps(), params.sessionId, body)),
);
