import type { RouteDocs } from '#platform/http/route.ts';
import type { VOUCHER_ROUTES } from './routes.ts';
import { Voucher, VoucherList } from './schema.ts';

/** What the OpenAPI document and the contract check say of each voucher route (tools only, never bundled). */
export const VOUCHER_ROUTE_DOCS = {
  'admin-vouchers-create': {
    summary: 'Create a voucher (PERCENT or AMOUNT off, max uses, once per user, valid until, tiers)',
    success: [201, 'the voucher'],
    response: Voucher,
    errors: { 409: 'VOUCHER_EXISTS (details.code)' },
  },
  'admin-vouchers-list': {
    summary: "The program's vouchers with their uses",
    success: [200, '{items: voucher[]}'],
    response: VoucherList,
  },
} satisfies Record<keyof typeof VOUCHER_ROUTES, RouteDocs>;
