import { usersMeRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { deps } from '#shared/app/container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { me } from '#shared/users/accounts.ts';

export const handler = httpHandler(usersMeRoute, async (req) => ok(await me(deps(), caller(req))));
