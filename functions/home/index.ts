import { homeRoute } from '#functions/route-specs.ts';
import { okMaybeStale } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { homeSections } from '#shared/catalogue/search.ts';

export const handler = httpHandler(homeRoute, async ({ query }) =>
  okMaybeStale(await homeSections(deps(), query.city)),
);
