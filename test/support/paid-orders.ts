import type { Principal } from '#kernel/principal.ts';
import { placeOrder } from '#shared/orders/place-order.ts';
import { writeOrder } from '#shared/orders/write-order.ts';
import { startPayment } from '#shared/payments/payments.ts';
import type { PaymentChannel, PaymentResult } from '#shared/ports/payments.ts';
import type { realDeps } from './real-deps.ts';

type RealDeps = ReturnType<typeof realDeps>;
let n = 0;

/** An order written PENDING_PAYMENT for these seats of `sessionId` (one buyer each), a payment started. */
export async function orderWithPayment(
  d: RealDeps,
  sessionId: string,
  seatIds: string[],
  channel: PaymentChannel = 'sandbox',
) {
  const user: Principal = { userId: `pr${Date.now()}${n++}`, role: 'user', tokenId: 't', expiresAtSec: 0 };
  await d.buyerCache.replace(
    user.userId,
    seatIds.map((_, i) => ({ buyerId: `b${i}`, idType: 1, name: '张*', idNumber: '1101**********1234' })),
  );
  const placed = await placeOrder(
    d,
    user,
    { sessionId, seatIds, buyerIds: seatIds.map((_, i) => `b${i}`) },
    `o-${user.userId}`,
  );
  const orderNumber = (placed.body as { orderNumber: string }).orderNumber;
  const message = d.sent.find((m) => m.orderNumber === orderNumber)!;
  await writeOrder(d, message);
  const started = await startPayment(d, user, orderNumber, { channel }, `p-${user.userId}`);
  const { payUrl } = started.body as { payUrl: string };
  const paymentId = (started.body as { paymentId: string }).paymentId;
  const payment = (await d.payments.get(paymentId))!;
  return { user, orderNumber, message, payment, payUrl, expiresAtMs: message.expiresAtMs };
}

/** The same, the payment settled SUCCESS at the sandbox gateway; the result not yet applied. */
export async function paidAtGateway(d: RealDeps, sessionId: string, seatIds: string[]) {
  const o = await orderWithPayment(d, sessionId, seatIds);
  const result = (await d.sandbox.settle(o.payment.paymentId, 'SUCCESS', d.clock.now()))!;
  return { ...o, result: result as PaymentResult };
}
