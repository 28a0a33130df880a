import { created, ok } from '#platform/http/responses.ts';
import { defineRoute, returns } from '#platform/http/route.ts';
import { ProgramParams } from '#platform/http/schema-kit.ts';
import type { Voucher, VoucherList } from './schema.ts';
import { VoucherBody } from './schema.ts';
import { createVoucher, listVouchers, type VoucherDeps } from './vouchers.ts';

const PATH = '/v1/admin/programs/{programId}/vouchers';

export const adminVouchersCreate = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: PATH,
  auth: 'admin',
  params: ProgramParams,
  body: VoucherBody,
  response: /* @__PURE__ */ returns<typeof Voucher>(),
  needs: { table: 'readWrite' },
  run: async ({ params, body }, d: VoucherDeps) => created(await createVoucher(d, params.programId, body)),
});

export const adminVouchersList = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: PATH,
  auth: 'admin',
  params: ProgramParams,
  response: /* @__PURE__ */ returns<typeof VoucherList>(),
  needs: { table: 'read' },
  run: async ({ params }, d: VoucherDeps) => ok(await listVouchers(d, params.programId)),
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const VOUCHER_ROUTES = {
  'admin-vouchers-create': adminVouchersCreate,
  'admin-vouchers-list': adminVouchersList,
};
