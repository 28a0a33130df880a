/**
 * Alipay's wire formats: amounts are yuan strings with two decimals ("128.00"), times are
 * "yyyy-MM-dd HH:mm:ss" in China Standard Time (UTC+8, no daylight saving). Inside the
 * product amounts are integer cents and times ISO 8601, so nothing is ever rounded.
 */

/** 12800 → "128.00". */
export function yuanOf(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not an amount in cents: ${cents}`);
  const s = String(cents).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** "128.00" | "128.5" | "128" → 12850-style cents; undefined when it is not a plain yuan amount. */
export function centsOf(yuan: string): number | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const CST_OFFSET_MS = 8 * 3600_000;

/** An instant as Alipay writes it: "2026-11-22 16:38:20" (UTC+8). */
export function alipayTime(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2026-11-22 16:38:20" (UTC+8) → ISO 8601 UTC; undefined when malformed. */
export function isoOfAlipayTime(s: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s)) return undefined;
  const ms = Date.parse(`${s.replace(' ', 'T')}+08:00`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
