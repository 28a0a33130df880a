import { adminQueuePutRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { configureQueue } from '#shared/waiting-room/waiting-room.ts';

export const handler = httpHandler(adminQueuePutRoute, async (req) =>
  ok(await configureQueue(coreDeps(), req.params.sessionId, req.body)),
);
