import type { DocumentClient } from '#platform/clients/dynamodb.ts';
import { DynamoDbVoucherRecords } from './dynamodb-voucher-records.ts';
import type { VoucherRecords } from './port.ts';

/** The voucher feature's part of a container: its records in the one table. */
export function composeVouchers(infra: { db: DocumentClient; table: string }): { vouchers: VoucherRecords } {
  return { vouchers: new DynamoDbVoucherRecords(infra.db, infra.table) };
}
