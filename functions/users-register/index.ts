import { usersRegisterRoute } from '#functions/route-specs.ts';
import { created } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { guardRegistration, register } from '#shared/users/accounts.ts';

export const handler = httpHandler(usersRegisterRoute, async ({ body }) => {
  const d = deps();
  await guardRegistration(d, body.captcha);
  return created(await register(d, body));
});
