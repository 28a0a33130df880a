import { homeRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { homeSections } from '#shared/catalogue/search.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { okMaybeStale } from '#shared/http/responses.ts';

export const handler = httpHandler(homeRoute, async ({ query }) =>
  okMaybeStale(await homeSections(deps(), query.city)),
);
