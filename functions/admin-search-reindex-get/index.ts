import { adminSearchReindexGetRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { reindexProgress } from '#shared/search/reindex.ts';

export const handler = httpHandler(adminSearchReindexGetRoute, async ({ params }) =>
  ok(await reindexProgress(deps(), params.reindexId)),
);
