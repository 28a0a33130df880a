import { adminSessionsStatsRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { sessionStats } from '#shared/catalogue/programs.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(adminSessionsStatsRoute, async ({ params }) =>
  ok({ sessionId: params.sessionId, ...(await sessionStats(deps(), params.sessionId)) }),
);
