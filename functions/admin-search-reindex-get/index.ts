import { adminSearchReindexGetRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { reindexProgress } from '#shared/search/reindex.ts';

export const handler = httpHandler(adminSearchReindexGetRoute, async ({ params }) =>
  ok(await reindexProgress(deps(), params.reindexId)),
);
