/**
 * Abuse (防刷): rate limits and attempt counters, captchas, and the limits' settings. The
 * public surface of features/abuse: other code imports this file only
 * (test/architecture/import-rules.test.ts); the captcha's composer alone is in compose-captcha.ts
 * (why there).
 */
export { type AbuseConfig, abuseConfigFromEnv } from './abuse-config.ts';
export { composeRateLimiter } from './compose.ts';
export { CAPTCHA_URL, enforceRate, rateLimited, rateRefused, requireCaptcha } from './guards.ts';
export type {
  AbuseDeps,
  AttemptDecision,
  CaptchaChallenge,
  CaptchaVerifier,
  RateDecision,
  RateLimiter,
  RatePolicy,
} from './port.ts';
export { intervalMs } from './redis-rate-limiter.ts';
export { ABUSE_ROUTES } from './routes.ts';
export { CaptchaSolution } from './schema.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const ABUSE_STACK = 'Accounts';
