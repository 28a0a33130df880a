import { RegisterBody } from '#shared/api/schemas.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { created } from '#shared/http/responses.ts';
import { register } from '#shared/users/accounts.ts';

export const handler = httpHandler({ auth: 'none', body: RegisterBody }, async ({ body }) =>
  created(await register(deps(), body)),
);
