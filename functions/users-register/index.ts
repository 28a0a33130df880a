import { ROUTES } from '#functions/routes.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';
import { register } from '#shared/users/accounts.ts';

export const handler = httpHandler(ROUTES['users-register'], async ({ body }) =>
  created(await register(deps(), body)),
);
