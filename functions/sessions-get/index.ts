import { sessionsGetRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { sessionView } from '#shared/catalogue/session-lifecycle.ts';

export const handler = httpHandler(sessionsGetRoute, async ({ params }) =>
  ok(await sessionView(deps(), params.sessionId)),
);
