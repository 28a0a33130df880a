import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { assertKeyBytes, assertStrongSecret, estimatedBits } from '#platform/settings/secret-strength.ts';
import { settingsFromEnv } from '#shared/app/container.ts';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('secrets the functions accept', () => {
  it('refuses placeholders and weak values, accepts random ones', () => {
    for (const weak of [
      'replace-me-with-at-least-32-random-characters',
      'replace-me',
      'CHANGEME',
      'x'.repeat(64),
      'abababababababababababababababab',
      'short1234',
    ])
      expect(() => assertStrongSecret('JWT_SECRET', weak), weak).toThrow(/JWT_SECRET/);
    const random = randomBytes(32).toString('hex');
    expect(assertStrongSecret('JWT_SECRET', random)).toBe(random);
    expect(estimatedBits(random)).toBeGreaterThanOrEqual(128);
  });

  it('wants PII_KEY as base64 of 32 random bytes', () => {
    expect(() => assertKeyBytes('PII_KEY', 'replace-me')).toThrow(/placeholder/);
    expect(() => assertKeyBytes('PII_KEY', Buffer.alloc(32, 1).toString('base64'))).toThrow(
      /32 random bytes/,
    );
    expect(() => assertKeyBytes('PII_KEY', randomBytes(16).toString('base64'))).toThrow(/32 random bytes/);
    const key = randomBytes(32).toString('base64');
    expect(assertKeyBytes('PII_KEY', key)).toBe(key);
  });

  it('stops a cold start on the placeholder the first deploy used to write', () => {
    process.env.GATE_SECRET = 'replace-me-with-at-least-32-random-characters';
    process.env.PII_KEY = 'replace-me';
    process.env.PAYMENT_PROVIDER_SECRET = 'replace-me';
    process.env.TOKEN_SIGNING_KEY = 'replace-me';
    const settings = settingsFromEnv();
    expect(() => settings.gateSecret()).toThrow(/GATE_SECRET is a placeholder/);
    expect(() => settings.piiKey()).toThrow(/PII_KEY is a placeholder/);
    expect(() => settings.paymentSecret()).toThrow(/PAYMENT_PROVIDER_SECRET is a placeholder/);
    expect(() => settings.tokenKeys.privateKey()).toThrow(/TOKEN_SIGNING_KEY is not a key/);
    delete process.env.TOKEN_PUBLIC_KEY;
    expect(() => settings.tokenKeys.publicKey()).toThrow(/TOKEN_PUBLIC_KEY/);
  });
});
