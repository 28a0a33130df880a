import { BuyerBody } from '#shared/api/schemas.ts';
import { deps } from '#shared/app/container.ts';
import { addBuyer } from '#shared/buyers/buyers.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';

export const handler = httpHandler({ auth: 'user', body: BuyerBody }, async (req) =>
  created(await addBuyer(deps(), caller(req).userId, req.body)),
);
