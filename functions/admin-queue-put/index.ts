import { ROUTE_SPECS } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { configureQueue } from '#shared/waiting-room/waiting-room.ts';

export const handler = httpHandler(ROUTE_SPECS['admin-queue-put'], async (req) =>
  ok(await configureQueue(coreDeps(), req.params.sessionId, req.body)),
);
