import type { Clock } from '#kernel/clock.ts';
import { DomainError } from '#kernel/errors.ts';
import type { CaptchaVerifier, RateLimiter, RatePolicy } from './port.ts';

export const CAPTCHA_URL = '/v1/captcha';

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** 429 with `retry-after` and the limit's name in `details.limit`, as docs/API.md "Rate limits" says. */
export function rateLimited(limit: string, retryAfterMs: number, extra = {}): DomainError {
  return new DomainError(
    'RATE_LIMITED',
    'Too many requests; retry after the time in retry-after',
    { limit, ...extra },
    { retryAfterSeconds: seconds(retryAfterMs) },
  );
}

/** 429 for a refused rate-limit decision of `policy`. */
export function rateRefused(policy: RatePolicy, retryAfterMs: number): DomainError {
  return rateLimited(policy.name, retryAfterMs, { perSecond: policy.perSecond, burst: policy.burst });
}

/** One request of `subject` against `policy`, or 429. */
export async function enforceRate(
  d: { limiter: RateLimiter; clock: Clock },
  policy: RatePolicy,
  subject: string,
): Promise<void> {
  const decision = await d.limiter.consume(policy, subject, d.clock.now());
  if (!decision.allowed) throw rateRefused(policy, decision.retryAfterMs);
}

/**
 * A captcha is needed here: a solved, unexpired, unused one lets the request on, anything
 * else is 428 CAPTCHA_REQUIRED pointing at the challenge route. The solution is used up.
 */
export async function requireCaptcha(
  d: { captcha: CaptchaVerifier; clock: Clock },
  solution: string | undefined,
  why: string,
): Promise<void> {
  if (solution !== undefined && (await d.captcha.verify(solution, d.clock.now()))) return;
  throw new DomainError(
    'CAPTCHA_REQUIRED',
    solution === undefined
      ? `${why}: solve a captcha first`
      : 'The captcha is wrong, expired or already used',
    { challengeUrl: CAPTCHA_URL, reason: solution === undefined ? 'MISSING' : 'INVALID' },
  );
}
