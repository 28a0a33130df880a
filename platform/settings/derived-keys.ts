import { hkdfSync } from 'node:crypto';

/**
 * A key for one purpose, derived from a root secret with HKDF-SHA256: the captcha signer and
 * the admission-token signer each get their own key from GATE_SECRET, and the id-number hash its
 * own from PII_KEY, so no key is ever used for two things and there are no extra secrets to set.
 */
export function deriveKey(rootSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', rootSecret, '', `ticketing:${purpose}`, 32));
}
