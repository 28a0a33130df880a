import { ROUTE_SPECS } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { addBuyer } from '#shared/buyers/buyers.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';

export const handler = httpHandler(ROUTE_SPECS['buyers-create'], async (req) =>
  created(await addBuyer(deps(), caller(req).userId, req.body)),
);
