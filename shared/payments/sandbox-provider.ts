import type { RedisClient } from '#platform/clients/redis.ts';
import type { PaymentProvider, PaymentResult } from '#shared/ports/payments.ts';

/**
 * The sandbox payment gateway: payments live in Redis; "paying" one (the local runtime's
 * POST /sandbox/pay/{paymentId}) settles it and the gateway then sends the signed callback,
 * as a real gateway does after the customer paid. Query and refund answer like a gateway.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly channel = 'sandbox';

  constructor(
    private readonly client: RedisClient,
    private readonly publicBaseUrl: () => string,
  ) {}

  private key(paymentId: string): string {
    return `sandbox:payment:{${paymentId}}`;
  }

  async create(p: {
    paymentId: string;
    orderNumber: string;
    amountCents: number;
  }): Promise<{ payUrl: string }> {
    await this.client.hset(this.key(p.paymentId), {
      orderNumber: p.orderNumber,
      amountCents: String(p.amountCents),
      status: 'PENDING',
    });
    await this.client.expire(this.key(p.paymentId), 7 * 24 * 3600);
    return { payUrl: `${this.publicBaseUrl()}/sandbox/pay/${p.paymentId}` };
  }

  /** The customer completed (or failed) the payment at the gateway. Returns the callback payload. */
  async settle(
    paymentId: string,
    status: 'SUCCESS' | 'FAILED',
    nowMs: number,
  ): Promise<(PaymentResult & { orderNumber: string }) | undefined> {
    const h = await this.client.hgetall(this.key(paymentId));
    if (!h.orderNumber) return undefined;
    const paidAt = new Date(nowMs).toISOString();
    // A settled payment stays settled: paying twice does not change the outcome; a closed
    // trade cannot be paid (Alipay: TRADE_CLOSED).
    if (h.status === 'PENDING') await this.client.hset(this.key(paymentId), { status, paidAt });
    const result = await this.query(paymentId);
    return result && { ...result, orderNumber: h.orderNumber };
  }

  async query(paymentId: string): Promise<PaymentResult | undefined> {
    const h = await this.client.hgetall(this.key(paymentId));
    if (!h.orderNumber) return undefined;
    const status =
      h.status === 'SUCCESS' || h.status === 'FAILED' || h.status === 'REFUNDED' || h.status === 'CLOSED'
        ? h.status
        : 'PENDING';
    return {
      paymentId,
      amountCents: Number(h.amountCents),
      // A refunded payment was a success first.
      status: status === 'REFUNDED' ? 'SUCCESS' : status,
      ...(h.paidAt ? { paidAt: h.paidAt } : {}),
    };
  }

  async refund(p: {
    paymentId: string;
    orderNumber: string;
    amountCents: number;
    reason: string;
  }): Promise<{ refunded: boolean }> {
    const status = await this.client.hget(this.key(p.paymentId), 'status');
    if (status !== 'SUCCESS' && status !== 'REFUNDED') return { refunded: false };
    // The gateway's books count refund requests (a repeat refunds nothing: idempotent per payment).
    await this.client.hincrby(this.key(p.paymentId), 'refundRequests', 1);
    await this.client.hset(this.key(p.paymentId), { status: 'REFUNDED' });
    return { refunded: true };
  }

  /** How many refund requests the gateway received for this payment. */
  async refundRequests(paymentId: string): Promise<number> {
    return Number((await this.client.hget(this.key(paymentId), 'refundRequests')) ?? 0);
  }

  async close(paymentId: string): Promise<{ closed: boolean }> {
    const status = await this.client.hget(this.key(paymentId), 'status');
    if (status === 'SUCCESS' || status === 'REFUNDED') return { closed: false };
    if (status === 'PENDING' || status === 'FAILED')
      await this.client.hset(this.key(paymentId), { status: 'CLOSED' });
    return { closed: true };
  }

  async refunded(paymentId: string): Promise<boolean> {
    return (await this.client.hget(this.key(paymentId), 'status')) === 'REFUNDED';
  }
}
