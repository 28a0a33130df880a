import { adminSessionsStatsRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { sessionStats } from '#shared/catalogue/programs.ts';

export const handler = httpHandler(adminSessionsStatsRoute, async ({ params }) =>
  ok({ sessionId: params.sessionId, ...(await sessionStats(deps(), params.sessionId)) }),
);
