import { queueStatusRoute } from '#functions/route-specs.ts';
import { holdPathDeps, primeHotPath } from '#shared/app/hold-path-container.ts';
import { primeAtInit } from '#shared/app/prime.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { queueStatus } from '#shared/waiting-room/waiting-room.ts';

// In Lambda, the first request's setup (secrets, Redis, the token key) runs during init.
await primeAtInit(primeHotPath);

export const handler = httpHandler(queueStatusRoute, async (req) => ({
  ...ok(await queueStatus(holdPathDeps(), caller(req), req.params.sessionId, req.headers['x-queue-ticket'])),
  headers: { 'cache-control': 'no-store' },
}));
