import { captchaGetRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(captchaGetRoute, async () => {
  const d = coreDeps();
  return { ...ok(await d.captcha.challenge(d.clock.now())), headers: { 'cache-control': 'no-store' } };
});
