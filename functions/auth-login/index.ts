import { authLoginRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { login } from '#shared/users/accounts.ts';

export const handler = httpHandler(authLoginRoute, async ({ body, sourceIp }) =>
  ok(await login(deps(), body, sourceIp)),
);
