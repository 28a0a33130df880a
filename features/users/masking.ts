/** Masks for personal data in every response and log line. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** `110101199003071234` → `1101**********1234`; short numbers (passports) keep one character each end. */
export function maskIdNumber(id: string): string {
  if (id.length < 15) return id.slice(0, 1) + '*'.repeat(Math.max(0, id.length - 2)) + id.slice(-1);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** `13812345678` → `138****5678`. */
export function maskMobile(mobile: string): string {
  return mobile.length < 7 ? '*'.repeat(mobile.length) : `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/** `alice@example.com` → `a****@example.com`. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return '***';
  return email[0] + '*'.repeat(Math.max(1, at - 1)) + email.slice(at);
}
