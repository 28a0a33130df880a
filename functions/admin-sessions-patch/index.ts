import { adminSessionsPatchRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { patchSession } from '#shared/catalogue/session-lifecycle.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(adminSessionsPatchRoute, async ({ params, body }) =>
  ok(await patchSession(deps(), params.sessionId, body)),
);
