import { queueJoinRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { caller, httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';
import { joinQueue } from '#shared/waiting-room/waiting-room.ts';

export const handler = httpHandler(queueJoinRoute, async (req) => {
  const { status, body } = await joinQueue(coreDeps(), caller(req), req.params.sessionId, req.body?.captcha);
  return ok(body, status);
});
