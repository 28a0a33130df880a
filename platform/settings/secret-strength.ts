/**
 * Refuses a secret that anyone could guess: a placeholder left from the first deploy, or one
 * with too little entropy. Run where the product reads its secrets (cold start), so a
 * deployment with `replace-me` as its JWT key fails loudly instead of letting anyone sign
 * admin tokens.
 */
const PLACEHOLDER =
  /replace[-_ ]?me|change[-_ ]?me|placeholder|your[-_ ]?(secret|key)|^(secret|password|test)$/i;

/** Bits of a random string of this length over the character classes it uses (an upper bound). */
export function estimatedBits(value: string): number {
  let alphabet = 0;
  if (/[a-z]/.test(value)) alphabet += 26;
  if (/[A-Z]/.test(value)) alphabet += 26;
  if (/[0-9]/.test(value)) alphabet += 10;
  if (/[^a-zA-Z0-9]/.test(value)) alphabet += 32;
  // A value of few distinct characters ("aaaa…", "abab…") is not random whatever its length.
  const distinct = new Set(value).size;
  return distinct < 8 ? 0 : value.length * Math.log2(Math.max(alphabet, 1));
}

export function assertStrongSecret(name: string, value: string, minBits = 128): string {
  if (PLACEHOLDER.test(value))
    throw new Error(`${name} is a placeholder: put a random value in the secret (README, Deploy to AWS)`);
  if (estimatedBits(value) < minBits)
    throw new Error(`${name} is too weak (needs about ${minBits} random bits, e.g. 32+ random characters)`);
  return value;
}

/** A base64 key of exactly `bytes` random-looking bytes (PII_KEY). */
export function assertKeyBytes(name: string, base64: string, bytes = 32): string {
  if (PLACEHOLDER.test(base64))
    throw new Error(`${name} is a placeholder: put \`openssl rand -base64 ${bytes}\` in it`);
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== bytes || new Set(raw).size < bytes / 4)
    throw new Error(`${name} must be base64 of ${bytes} random bytes (openssl rand -base64 ${bytes})`);
  return base64;
}
