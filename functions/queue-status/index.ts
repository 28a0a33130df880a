import { queueStatusRoute } from '#functions/route-specs.ts';
import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { holdPathDeps, primeHotPath } from '#shared/app/hold-path-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { primeAtInit } from '#shared/app/prime.ts';
import { queueStatus } from '#shared/waiting-room/waiting-room.ts';

// In Lambda, the first request's setup (secrets, Redis, the token key) runs during init.
await primeAtInit(primeHotPath);

export const handler = httpHandler(queueStatusRoute, async (req) => ({
  ...ok(await queueStatus(holdPathDeps(), caller(req), req.params.sessionId, req.headers['x-queue-ticket'])),
  headers: { 'cache-control': 'no-store' },
}));
