import { isSold } from '#shared/orders/order-status.ts';
import type { OrderRecords } from '#shared/ports/orders.ts';
import type { PaymentRecords } from '#shared/ports/payments.ts';

/** What the provider's own books say about a payment. */
export interface ProviderBooks {
  taken: boolean;
  refunded: boolean;
}

/**
 * The money invariant, for every payment in `paymentIds`: money the provider took is either
 * on a sold order (this payment its payment) or refunded / being refunded; money refunded at
 * the provider is recorded REFUNDED; a payment the provider did not take is not recorded as
 * taken. Returns one line per violation.
 */
export async function moneyAccountedFor(
  d: { payments: PaymentRecords; orders: OrderRecords },
  paymentIds: string[],
  books: (paymentId: string) => Promise<ProviderBooks>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const paymentId of paymentIds) {
    const payment = (await d.payments.get(paymentId))!;
    const order = (await d.orders.get(payment.orderNumber))!;
    const { taken, refunded } = await books(paymentId);
    if (taken && !refunded) {
      const kept = payment.status === 'SUCCEEDED' && isSold(order.status) && order.paymentId === paymentId;
      const owed = payment.status === 'REFUND_PENDING';
      if (!kept && !owed)
        problems.push(`${paymentId}: taken, payment ${payment.status}, order ${order.status}`);
    }
    if (refunded && payment.status !== 'REFUNDED')
      problems.push(`${paymentId}: refunded, recorded ${payment.status}`);
    if (!taken && payment.status === 'SUCCEEDED') problems.push(`${paymentId}: recorded paid, not taken`);
  }
  return problems;
}
