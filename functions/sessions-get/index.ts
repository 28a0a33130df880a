import { sessionsGetRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { sessionView } from '#shared/catalogue/session-lifecycle.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(sessionsGetRoute, async ({ params }) =>
  ok(await sessionView(deps(), params.sessionId)),
);
