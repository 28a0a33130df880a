import { programsSearchRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { searchPrograms } from '#shared/catalogue/search.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { okMaybeStale } from '#shared/http/responses.ts';

export const handler = httpHandler(programsSearchRoute, async ({ query }) =>
  okMaybeStale(await searchPrograms(deps(), query)),
);
