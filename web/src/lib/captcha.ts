import { api, call } from './api.ts';

/**
 * Solves the API's ALTCHA proof-of-work captcha (docs/API.md, "Captcha"): finds `number` with
 * SHA-256(salt + number) = challenge and returns the base64 solution the API takes as
 * `captcha`. A phone does the default 100,000 candidates in about a second; `onProgress`
 * gets 0..1 so the screen can show it.
 */
export async function solveCaptcha(onProgress?: (done: number) => void): Promise<string> {
  const c = await call(api.GET('/v1/captcha'));
  const enc = new TextEncoder();
  for (let n = 0; n <= c.maxnumber; n++) {
    const digest = await crypto.subtle.digest('SHA-256', enc.encode(c.salt + n));
    if (hex(digest) === c.challenge) {
      onProgress?.(1);
      return btoa(
        JSON.stringify({
          algorithm: c.algorithm,
          challenge: c.challenge,
          number: n,
          salt: c.salt,
          signature: c.signature,
        }),
      );
    }
    if (n % 2000 === 0) onProgress?.(n / c.maxnumber);
  }
  throw new Error('captcha not solvable');
}

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
