import { adminQueuePutRoute } from '#functions/route-specs.ts';
import { ok } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { configureQueue } from '#shared/waiting-room/waiting-room.ts';

export const handler = httpHandler(adminQueuePutRoute, async (req) =>
  ok(await configureQueue(coreDeps(), req.params.sessionId, req.body)),
);
