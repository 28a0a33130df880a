import type { RateLimitName } from '#kernel/rate-limits.ts';
import { intEnvOr } from '#platform/settings/env.ts';
import type { RatePolicy } from './port.ts';

/** The limits of docs/API.md ("Captcha", "Rate limits"), each overridable by its variable. */
export interface AbuseConfig {
  rates: Record<RateLimitName, RatePolicy>;
  /** Failed logins one source IP may make per hour, counted before the password is checked. */
  loginFailuresPerIpPerHour: number;
  /** Failed logins of one identifier (mobile or email) after which a captcha is required. */
  loginFailuresBeforeCaptcha: number;
  loginFailureWindowMs: number;
  /** Registrations per minute (across the service) above which registering needs a captcha. */
  registrationsPerMinuteBeforeCaptcha: number;
  captchaMaxNumber: number;
  /**
   * A user whose holds expired unpaid this many times in a session waits `firstCooldownMs`
   * before holding there again, doubling with each further one (up to 16x); paying clears it.
   */
  expiredHolds: { afterExpired: number; firstCooldownMs: number };
}

function positive(name: string, fallback: number): number {
  const n = intEnvOr(name, fallback);
  if (n < 1) throw new Error(`Environment variable ${name} must be at least 1, got ${n}`);
  return n;
}

export function abuseConfigFromEnv(): AbuseConfig {
  const perMinute = positive('RATE_IP_AUTH_PER_MINUTE', 20);
  const ipPolicy = (name: RateLimitName): RatePolicy => ({
    name,
    perSecond: perMinute / 60,
    burst: perMinute,
  });
  return {
    rates: {
      USER_BUY: {
        name: 'USER_BUY',
        perSecond: positive('RATE_USER_BUY_PER_SECOND', 5),
        burst: positive('RATE_USER_BUY_BURST', 10),
      },
      IP_REGISTER: ipPolicy('IP_REGISTER'),
      IP_LOGIN: ipPolicy('IP_LOGIN'),
      IP_CAPTCHA: ipPolicy('IP_CAPTCHA'),
      IP_QUEUE_JOIN: ipPolicy('IP_QUEUE_JOIN'),
    },
    loginFailuresPerIpPerHour: positive('RATE_IP_LOGIN_FAILURES_PER_HOUR', 50),
    loginFailuresBeforeCaptcha: 3,
    loginFailureWindowMs: 15 * 60_000,
    registrationsPerMinuteBeforeCaptcha: positive('CAPTCHA_REGISTRATIONS_PER_MINUTE', 60),
    captchaMaxNumber: positive('CAPTCHA_MAX_NUMBER', 100_000),
    expiredHolds: {
      afterExpired: positive('EXPIRED_HOLDS_BEFORE_SLOWDOWN', 3),
      firstCooldownMs: positive('EXPIRED_HOLD_COOLDOWN_SECONDS', 60) * 1000,
    },
  };
}
