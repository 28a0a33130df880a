import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 hex of the raw body, as the gateway signs its callbacks. */
export const signBody = (secret: string, rawBody: string): string =>
  createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');

/** Constant-time check of a hex signature over the exact raw body. */
export function signatureValid(secret: string, rawBody: string, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(signBody(secret, rawBody), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
