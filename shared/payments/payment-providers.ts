import { DomainError } from '#kernel/errors.ts';
import type { PaymentChannel, PaymentProvider, PaymentProviders } from '#shared/ports/payments.ts';

/**
 * The enabled channels' providers, each built on first use: a function that never takes
 * an Alipay payment never reads Alipay's credentials, and one that does reads them once.
 */
export function paymentProviders(
  channels: readonly PaymentChannel[],
  factories: Record<PaymentChannel, () => PaymentProvider>,
): PaymentProviders {
  const built = new Map<PaymentChannel, PaymentProvider>();
  return {
    channels,
    get(channel) {
      const c = channels.find((x) => x === channel);
      if (!c) return undefined;
      let p = built.get(c);
      if (!p) {
        p = factories[c]();
        built.set(c, p);
      }
      return p;
    },
  };
}

/** The provider a payment was made through (background work: a missing one is a deployment error). */
export function providerOf(
  d: { paymentProviders: PaymentProviders },
  payment: { paymentId: string; channel: string },
) {
  const p = d.paymentProviders.get(payment.channel);
  if (!p) throw new Error(`payment ${payment.paymentId} is by ${payment.channel}, which is not enabled here`);
  return p;
}

/** The provider a buyer chose (a channel not enabled here is the buyer's 400). */
export function chosenProvider(d: { paymentProviders: PaymentProviders }, channel: string): PaymentProvider {
  const p = d.paymentProviders.get(channel);
  if (!p) {
    throw new DomainError('VALIDATION_FAILED', `Payments by ${channel} are not available here`, {
      fields: [{ path: 'body.channel', message: `one of: ${d.paymentProviders.channels.join(', ')}` }],
    });
  }
  return p;
}

/** Which channels are enabled: PAYMENT_CHANNELS, e.g. "alipay" (AWS) or "sandbox,alipay" (local). */
export function parseChannels(raw: string, all: readonly PaymentChannel[]): PaymentChannel[] {
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of list) {
    if (!all.includes(c as PaymentChannel))
      throw new Error(`PAYMENT_CHANNELS: unknown channel "${c}" (${all.join(', ')})`);
  }
  if (list.length === 0) throw new Error('PAYMENT_CHANNELS names no channel');
  return [...new Set(list)] as PaymentChannel[];
}
