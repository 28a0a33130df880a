import { queueJoinRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { primeHotPath } from '#shared/app/hold-path-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { primeAtInit } from '#shared/app/prime.ts';
import { joinQueue } from '#shared/waiting-room/waiting-room.ts';

// In Lambda, the first request's setup (secrets, Redis, the token key) runs during init.
await primeAtInit(() => primeHotPath(coreDeps));

export const handler = httpHandler(queueJoinRoute, async (req) => {
  const { status, body } = await joinQueue(coreDeps(), caller(req), req.params.sessionId, req.body?.captcha);
  return ok(body, status);
});
