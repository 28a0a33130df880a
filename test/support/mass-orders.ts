import type { SessionGeometry } from '#kernel/session-layout.ts';
import type { Deps } from '#shared/app/deps.ts';
import type { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import type { OrderRecord } from '#shared/ports/orders.ts';

type MassDeps = Pick<Deps, 'inventory' | 'orders' | 'payments' | 'tickets'> & {
  sandbox: SandboxPaymentProvider;
};

export interface SeededOrder {
  orderNumber: string;
  userId: string;
  holdId: string;
  paymentId?: string;
  seatIdx: number;
  amountCents: number;
  ticketed: boolean;
}

let seq = 0;

/**
 * Orders of one seat each, through the same adapter calls the product makes (hold, hand-over
 * to the order, the order and its seat state written, for `paid` the payment taken at the
 * sandbox gateway, recorded, the order PAID and the seat SOLD in Redis), `parallel` at a time.
 * For tests and the bench that need thousands of real orders quickly.
 */
export async function seedOrders(
  d: MassDeps,
  geo: SessionGeometry,
  seatIdxs: number[],
  opts: { paid: boolean; nowMs: number; parallel?: number; ticketed?: (i: number) => boolean },
): Promise<SeededOrder[]> {
  const out: SeededOrder[] = [];
  let next = 0;
  const lane = async () => {
    while (next < seatIdxs.length) {
      const i = next++;
      out.push(await seedOne(d, geo, seatIdxs[i]!, opts.paid, opts.nowMs, opts.ticketed?.(i) ?? false));
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? 16 }, lane));
  return out;
}

async function seedOne(
  d: MassDeps,
  geo: SessionGeometry,
  seatIdx: number,
  paid: boolean,
  nowMs: number,
  ticketed: boolean,
): Promise<SeededOrder> {
  const n = `${process.pid}${Date.now() % 1_000_000_000}${seq++}`;
  const sessionId = geo.layout.sessionId;
  const seat = geo.seatView(seatIdx);
  const ref = geo.parseSeatId(seat.seatId)!;
  const tier = geo.tier(seat.tierId)!;
  const userId = `mass${n}`;
  const holdId = `hm${n}`;
  const orderNumber = n.slice(0, 19);
  const seats = [{ ...ref, tierId: seat.tierId }];
  await d.inventory.hold({
    sessionId,
    holdId,
    userId,
    nowMs,
    expiresAtMs: nowMs + 900_000,
    buyerIds: [],
    pick: { kind: 'seats', seats },
  });
  await d.inventory.markOrdered(sessionId, holdId, userId, orderNumber, nowMs);
  const createdAt = new Date(nowMs).toISOString();
  const order: OrderRecord = {
    orderNumber,
    userId,
    sessionId,
    holdId,
    status: 'PENDING_PAYMENT',
    amountCents: tier.priceCents,
    lines: [{ ...seat, buyerId: 'b0', buyerName: '张*', buyerIdNumber: '1101**********1234' }],
    createdAt,
    expiresAt: new Date(nowMs + 900_000).toISOString(),
    history: [{ status: 'PENDING_PAYMENT', at: createdAt, by: 'order-writer' }],
  };
  const written = await d.orders.writePendingPayment(order);
  if (written.kind !== 'written') throw new Error(`seed order ${orderNumber}: ${written.kind}`);
  const seeded: SeededOrder = {
    orderNumber,
    userId,
    holdId,
    seatIdx,
    amountCents: tier.priceCents,
    ticketed: paid && ticketed,
  };
  if (!paid) return seeded;
  const paymentId = `pay${n}`;
  await d.payments.create(
    {
      paymentId,
      orderNumber,
      userId,
      amountCents: tier.priceCents,
      channel: 'sandbox',
      status: 'CREATED',
      createdAt,
    },
    new Date(nowMs + 60_000).toISOString(),
  );
  await d.sandbox.create({ paymentId, orderNumber, amountCents: tier.priceCents });
  await d.sandbox.settle(paymentId, 'SUCCESS', nowMs);
  await d.payments.markSucceeded(paymentId, createdAt);
  if (!(await d.orders.markPaid(order, paymentId, createdAt))) throw new Error(`seed pay ${orderNumber}`);
  await d.inventory.confirm(sessionId, holdId, userId, seats, nowMs);
  if (ticketed) {
    const ok = await d.tickets.issueAll(
      orderNumber,
      [
        {
          ticketCode: `t${n}`,
          orderNumber,
          sessionId,
          seatId: seat.seatId,
          section: seat.section,
          row: seat.row,
          col: seat.col,
          buyerName: '张*',
          buyerIdNumber: '1101**********1234',
          qrPayload: `qr${n}`,
          status: 'VALID',
          issuedAt: createdAt,
        },
      ],
      createdAt,
    );
    if (!ok) throw new Error(`seed tickets ${orderNumber}`);
  }
  return { ...seeded, paymentId };
}
