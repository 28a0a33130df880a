import { authLoginRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { login } from '#shared/users/accounts.ts';

export const handler = httpHandler(authLoginRoute, async ({ body, sourceIp }) =>
  ok(await login(deps(), body, sourceIp)),
);
