import { citiesListRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { listCities } from '#shared/catalogue/cities.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { okMaybeStale } from '#shared/http/responses.ts';

export const handler = httpHandler(citiesListRoute, async () => okMaybeStale(await listCities(coreDeps())));
