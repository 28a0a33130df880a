import { ROUTE_SPECS } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { cancelSession } from '#shared/catalogue/session-cancel.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(ROUTE_SPECS['admin-sessions-cancel'], async ({ params, body }) =>
  ok(await cancelSession(deps(), params.sessionId, body.reason), 202),
);
