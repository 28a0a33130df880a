import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alipaySettingsFromEnv } from '#shared/payments/alipay/alipay-config.ts';
import { alipayTime, centsOf, isoOfAlipayTime, yuanOf } from '#shared/payments/alipay/wire.ts';
import { parseChannels } from '#shared/payments/payment-providers.ts';
import { PAYMENT_CHANNELS } from '#shared/ports/payments.ts';

describe('Alipay wire formats', () => {
  it('writes cents as yuan with two decimals and reads them back exactly', () => {
    expect([yuanOf(0), yuanOf(5), yuanOf(12850), yuanOf(100_000_000)]).toEqual([
      '0.00',
      '0.05',
      '128.50',
      '1000000.00',
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (cents) => centsOf(yuanOf(cents)) === cents),
    );
    expect(() => yuanOf(-1)).toThrow(RangeError);
    expect(() => yuanOf(1.5)).toThrow(RangeError);
  });

  it('reads yuan as Alipay may write it, and refuses anything else', () => {
    expect([centsOf('128'), centsOf('128.5'), centsOf('128.50'), centsOf('0.01')]).toEqual([
      12800, 12850, 12850, 1,
    ]);
    for (const bad of ['', '-1.00', '1.234', '1e3', ' 1.00', '1,000.00', 'NaN', '0x10'])
      expect(centsOf(bad)).toBeUndefined();
  });

  it('writes and reads times in China Standard Time (UTC+8)', () => {
    expect(alipayTime(Date.parse('2026-11-22T08:38:20.123Z'))).toBe('2026-11-22 16:38:20');
    expect(isoOfAlipayTime('2026-11-23 00:00:01')).toBe('2026-11-22T16:00:01.000Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (sec) => {
        const ms = sec * 1000;
        return isoOfAlipayTime(alipayTime(ms)) === new Date(ms).toISOString();
      }),
    );
    for (const bad of ['2026-11-22T16:38:20', '2026-13-40 99:00:00', ''])
      expect(isoOfAlipayTime(bad)).toBeUndefined();
  });
});

describe('payment configuration', () => {
  it('enables only known channels, and at least one', () => {
    expect(parseChannels('alipay', PAYMENT_CHANNELS)).toEqual(['alipay']);
    expect(parseChannels(' sandbox , alipay,alipay', PAYMENT_CHANNELS)).toEqual(['sandbox', 'alipay']);
    expect(() => parseChannels('wechat', PAYMENT_CHANNELS)).toThrow(/unknown channel "wechat"/);
    expect(() => parseChannels(' , ', PAYMENT_CHANNELS)).toThrow(/no channel/);
  });

  const key = 'A'.repeat(300);
  const good = {
    appId: '2021000123456789',
    privateKey: key,
    alipayPublicKey: key,
    sellerId: '2088000123456789',
  };
  const env = (credentials: unknown, more: Record<string, string> = {}) => ({
    ALIPAY_CREDENTIALS: typeof credentials === 'string' ? credentials : JSON.stringify(credentials),
    PUBLIC_BASE_URL: 'https://tickets.example.com',
    ...more,
  });

  it('reads the Alipay secret, the production gateway by default, and the notify URL on the public address', () => {
    expect(alipaySettingsFromEnv(env(good))).toEqual({
      ...good,
      gateway: 'https://openapi.alipay.com/gateway.do',
      notifyUrl: 'https://tickets.example.com/v1/payments/alipay/notify',
    });
    expect(
      alipaySettingsFromEnv(env(good, { ALIPAY_GATEWAY: 'http://127.0.0.1:1/gateway.do' })).gateway,
    ).toBe('http://127.0.0.1:1/gateway.do');
  });

  it('names what is wrong with the Alipay secret', () => {
    expect(() => alipaySettingsFromEnv({})).toThrow(/ALIPAY_CREDENTIALS is not set/);
    expect(() => alipaySettingsFromEnv(env('{not json'))).toThrow(/not JSON/);
    expect(() => alipaySettingsFromEnv(env({ ...good, appId: 'replace-me' }))).toThrow(
      /appId: an Alipay app id is 16 digits/,
    );
    expect(() => alipaySettingsFromEnv(env({ ...good, privateKey: 'x' }))).toThrow(/privateKey/);
    expect(() => alipaySettingsFromEnv(env({ ...good, sellerId: '123' }))).toThrow(/sellerId/);
    expect(() => alipaySettingsFromEnv({ ALIPAY_CREDENTIALS: JSON.stringify(good) })).toThrow(
      /PUBLIC_BASE_URL/,
    );
  });
});
