import type { Clock } from '#kernel/clock.ts';
import type { RateLimitName } from '#kernel/rate-limits.ts';

/** `burst` requests at once, then one every `1 / perSecond` s: a token bucket. */
export interface RatePolicy {
  name: RateLimitName;
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

export type AttemptDecision =
  | { counted: true; count: number }
  | { counted: false; count: number; retryAfterMs: number };

/** Atomic counters in a shared store, so parallel requests cannot slip past a limit. */
export interface RateLimiter {
  /** One request of `subject` (a user id or a source IP) against the policy. */
  consume(policy: RatePolicy, subject: string, nowMs: number): Promise<RateDecision>;
  /**
   * Counts an attempt in a window that starts at the first one; past `limit` it is not
   * counted (and refused) unless `force`.
   */
  countAttempt(
    key: string,
    opts: { windowMs: number; limit: number; force: boolean },
  ): Promise<AttemptDecision>;
  /** Takes one counted attempt back (never below zero). */
  uncountAttempt(key: string): Promise<void>;
}

/** An ALTCHA proof-of-work challenge (the v1 wire format). */
export interface CaptchaChallenge {
  algorithm: string;
  challenge: string;
  salt: string;
  maxnumber: number;
  signature: string;
}

/**
 * Issues and checks captchas. The shipped adapter is ALTCHA proof of work; a hosted captcha
 * (e.g. AWS WAF CAPTCHA) can stand behind the same port.
 */
export interface CaptchaVerifier {
  challenge(nowMs: number): Promise<CaptchaChallenge>;
  /** True once for a solved, unexpired challenge; false for anything else, and for a reuse. */
  verify(solution: string, nowMs: number): Promise<boolean>;
}

/** What the abuse guards run on. */
export interface AbuseDeps {
  limiter: RateLimiter;
  captcha: CaptchaVerifier;
  clock: Clock;
}
