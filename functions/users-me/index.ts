import { usersMeRoute } from '#functions/route-specs.ts';
import { deps } from '#shared/app/container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { me } from '#shared/users/accounts.ts';

export const handler = httpHandler(usersMeRoute, async (req) => ok(await me(deps(), caller(req))));
