import { ROUTES } from '#functions/routes.ts';
import { deps } from '#shared/app/container.ts';
import { addBuyer } from '#shared/buyers/buyers.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';

export const handler = httpHandler(ROUTES['buyers-create'], async (req) =>
  created(await addBuyer(deps(), caller(req).userId, req.body)),
);
