import { authLogoutRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { noContent } from '#shared/http/responses.ts';
import { logout } from '#shared/users/accounts.ts';

export const handler = httpHandler(authLogoutRoute, async (req) => {
  await logout(coreDeps(), caller(req));
  return noContent();
});
