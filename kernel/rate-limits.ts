/** The rate limits of docs/API.md ("Rate limits"), by the name a 429 reports in `details.limit`. */
export const RATE_LIMIT_NAMES = [
  'USER_BUY',
  'IP_REGISTER',
  'IP_LOGIN',
  'IP_CAPTCHA',
  'IP_QUEUE_JOIN',
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];
