import { adminSessionsOpenRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { openSession } from '#shared/catalogue/programs.ts';

export const handler = httpHandler(adminSessionsOpenRoute, async ({ params, query }) =>
  ok(await openSession(deps(), params.sessionId, query.rebuild === 'true')),
);
