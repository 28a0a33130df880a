import { adminVouchersListRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { listVouchers } from '#shared/orders/vouchers.ts';

export const handler = httpHandler(adminVouchersListRoute, async ({ params }) =>
  ok(await listVouchers(deps(), params.programId)),
);
