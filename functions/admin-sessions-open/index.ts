import { adminSessionsOpenRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { openSession } from '#shared/catalogue/programs.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(adminSessionsOpenRoute, async ({ params, query }) =>
  ok(await openSession(deps(), params.sessionId, query.rebuild === 'true')),
);
