import { citiesListRoute } from '#functions/route-specs.ts';
import { okMaybeStale } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { listCities } from '#shared/catalogue/cities.ts';

export const handler = httpHandler(citiesListRoute, async () => okMaybeStale(await listCities(coreDeps())));
