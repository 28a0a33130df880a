import { categoriesListRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { listCategories } from '#shared/catalogue/programs.ts';

export const handler = httpHandler(categoriesListRoute, async () =>
  ok({ items: await listCategories(coreDeps()) }),
);
