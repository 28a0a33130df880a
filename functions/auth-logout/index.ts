import { authLogoutRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { noContent } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { logout } from '#shared/users/accounts.ts';

export const handler = httpHandler(authLogoutRoute, async (req) => {
  await logout(coreDeps(), caller(req));
  return noContent();
});
