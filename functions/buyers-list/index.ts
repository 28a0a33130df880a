import { ROUTES } from '#functions/routes.ts';
import { deps } from '#shared/app/container.ts';
import { listBuyers } from '#shared/buyers/buyers.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(ROUTES['buyers-list'], async (req) =>
  ok({ items: await listBuyers(deps(), caller(req).userId) }),
);
