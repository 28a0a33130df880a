import { captchaGetRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';

export const handler = httpHandler(captchaGetRoute, async () => {
  const d = coreDeps();
  return { ...ok(await d.captcha.challenge(d.clock.now())), headers: { 'cache-control': 'no-store' } };
});
