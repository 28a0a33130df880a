import { ok } from '#platform/http/responses.ts';
import { defineRoute, returns } from '#platform/http/route.ts';
import type { AbuseDeps } from './port.ts';
import type { Captcha } from './schema.ts';

export const captchaGet = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/captcha',
  auth: 'none',
  rateLimit: 'IP_CAPTCHA',
  response: /* @__PURE__ */ returns<typeof Captcha>(),
  // Challenges are signed statelessly; single use is remembered in Redis.
  needs: { table: 'none', secrets: ['gate'] },
  container: 'core',
  run: async (_req, d: Pick<AbuseDeps, 'captcha' | 'clock'>) => ({
    ...ok(await d.captcha.challenge(d.clock.now())),
    headers: { 'cache-control': 'no-store' },
  }),
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const ABUSE_ROUTES = {
  'captcha-get': captchaGet,
};
