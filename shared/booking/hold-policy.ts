/**
 * How long a hold lasts, declared once: the default (10 minutes to pay, seed 001) that the
 * Lambda environment (HOLD_TTL_SECONDS), the CDK context (`-c holdTtlSeconds`) and the local
 * runtime fall back to, and the rule that turns it into an expiry. A waitlist offer without a
 * hold lasts as long as a hold would.
 */
export const DEFAULT_HOLD_TTL_SECONDS = 600;

/** When a hold placed at `nowMs` expires. */
export const holdExpiresAtMs = (ttlSeconds: number, nowMs: number): number => nowMs + ttlSeconds * 1000;
