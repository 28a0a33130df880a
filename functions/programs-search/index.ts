import { programsSearchRoute } from '#functions/route-specs.ts';
import { okMaybeStale } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { searchPrograms } from '#shared/catalogue/search.ts';

export const handler = httpHandler(programsSearchRoute, async ({ query }) =>
  okMaybeStale(await searchPrograms(deps(), query)),
);
