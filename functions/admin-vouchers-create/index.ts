import { adminVouchersCreateRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';
import { createVoucher } from '#shared/orders/vouchers.ts';

export const handler = httpHandler(adminVouchersCreateRoute, async ({ params, body }) =>
  created(await createVoucher(deps(), params.programId, body)),
);
