import { categoriesListRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { listCategories } from '#shared/catalogue/programs.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(categoriesListRoute, async () =>
  ok({ items: await listCategories(coreDeps()) }),
);
