import { ROUTES } from '#functions/routes.ts';
import { deps } from '#shared/app/container.ts';
import { listCities } from '#shared/catalogue/cities.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { okMaybeStale } from '#shared/http/responses.ts';

export const handler = httpHandler(ROUTES['cities-list'], async () => okMaybeStale(await listCities(deps())));
