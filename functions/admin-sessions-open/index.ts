import { OpenSessionQuery, SessionParams } from '#shared/api/schemas.ts';
import { deps } from '#shared/app/container.ts';
import { openSession } from '#shared/catalogue/programs.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(
  { auth: 'admin', params: SessionParams, query: OpenSessionQuery },
  async ({ params, query }) => ok(await openSession(deps(), params.sessionId, query.rebuild === 'true')),
);
