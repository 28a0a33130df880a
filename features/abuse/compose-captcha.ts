import type { RedisClient } from '#platform/clients/redis.ts';
import { AltchaCaptcha } from './altcha-captcha.ts';
import type { CaptchaVerifier } from './port.ts';

/**
 * The captcha: challenges signed with `key` (hex), single use remembered in Redis. Not
 * re-exported by index.ts: altcha-lib runs code when it loads (a TextEncoder), so esbuild keeps
 * it in every bundle that reaches this file, and the hold function's imports index.ts. The
 * container that offers captchas (shared/app/compose-core.ts) imports this file itself.
 */
export function composeCaptcha(
  infra: { redis: RedisClient },
  key: string,
  maxNumber: number,
): CaptchaVerifier {
  return new AltchaCaptcha(infra.redis, key, maxNumber);
}
