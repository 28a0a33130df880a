import { adminSearchReindexRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { startReindex } from '#shared/search/reindex.ts';

export const handler = httpHandler(adminSearchReindexRoute, async () => ({
  status: 202,
  body: await startReindex(deps()),
}));
