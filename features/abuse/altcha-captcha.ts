import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Payload } from 'altcha-lib/v1/types';
import type { RedisClient } from '#platform/clients/redis.ts';
import type { CaptchaChallenge, CaptchaVerifier } from './port.ts';

/** Challenges are valid this long (docs/API.md: 5 min). */
export const CAPTCHA_TTL_MS = 5 * 60_000;
/** A base64 solution is ~400 characters; anything much longer is not one. */
const MAX_SOLUTION_CHARS = 1024;

function parseSolution(solution: string): Payload | undefined {
  if (solution.length > MAX_SOLUTION_CHARS) return undefined;
  try {
    const p = JSON.parse(Buffer.from(solution, 'base64').toString('utf8')) as Record<string, unknown>;
    const ok =
      p.algorithm === 'SHA-256' &&
      typeof p.challenge === 'string' &&
      typeof p.salt === 'string' &&
      typeof p.signature === 'string' &&
      Number.isSafeInteger(p.number) &&
      (p.number as number) >= 0;
    return ok ? (p as unknown as Payload) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ALTCHA proof of work (altcha-lib, v1 format): the server signs a challenge (HMAC of
 * SHA-256(salt + secret number)) whose salt carries its expiry; the client finds the number.
 * Verification is stateless except for single use: a solved challenge is remembered in Redis
 * (SET NX) until it would have expired anyway.
 */
export class AltchaCaptcha implements CaptchaVerifier {
  constructor(
    private readonly client: RedisClient,
    private readonly hmacKey: string,
    private readonly maxNumber: number,
  ) {}

  async challenge(nowMs: number): Promise<CaptchaChallenge> {
    const c = await createChallenge({
      algorithm: 'SHA-256',
      hmacKey: this.hmacKey,
      maxnumber: this.maxNumber,
      expires: new Date(nowMs + CAPTCHA_TTL_MS),
    });
    return {
      algorithm: c.algorithm,
      challenge: c.challenge,
      salt: c.salt,
      maxnumber: c.maxnumber ?? this.maxNumber,
      signature: c.signature,
    };
  }

  async verify(solution: string, nowMs: number): Promise<boolean> {
    const payload = parseSolution(solution);
    if (!payload) return false;
    // Expiry against our clock (the library would read Date.now()); challenges without one are not ours.
    const expiresMs = Number(extractParams(payload).expires) * 1000;
    if (!Number.isFinite(expiresMs) || expiresMs <= nowMs) return false;
    if (!(await verifySolution(payload, this.hmacKey, false))) return false;
    const first = await this.client.set(
      `captcha:used:${payload.challenge}`,
      '1',
      'PX',
      Math.ceil(expiresMs - nowMs) + 1000,
      'NX',
    );
    return first === 'OK';
  }
}
