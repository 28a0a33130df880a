import { caller } from '#platform/http/handler.ts';
import { ok } from '#platform/http/responses.ts';
import { defineRoute, returns } from '#platform/http/route.ts';
import { SessionParams } from '#platform/http/schema-kit.ts';
import type { ConfigureDeps, JoinDeps, RoomDeps } from './port.ts';
import { QueueJoinBody, type QueuePlace, type QueueSettings, QueueSettingsBody } from './schema.ts';
import { configureQueue, joinQueue, queueStatus as placeInQueue } from './waiting-room.ts';

export const queueJoin = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/sessions/{sessionId}/queue',
  auth: 'user',
  params: SessionParams,
  body: QueueJoinBody,
  rateLimit: 'IP_QUEUE_JOIN',
  response: /* @__PURE__ */ returns<typeof QueuePlace>(),
  needs: { table: 'none', secrets: ['gate'] },
  container: 'core',
  primeAtInit: true,
  run: async (req, d: JoinDeps) => {
    const { status, body } = await joinQueue(d, caller(req), req.params.sessionId, req.body?.captcha);
    return ok(body, status);
  },
});

export const queueStatus = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/sessions/{sessionId}/queue',
  auth: 'user',
  params: SessionParams,
  response: /* @__PURE__ */ returns<typeof QueuePlace>(),
  needs: { table: 'none', secrets: ['gate'] },
  // The poll every waiting buyer repeats: the hold path's container, the smallest.
  container: 'holdPath',
  primeAtInit: true,
  run: async (req, d: RoomDeps) => ({
    ...ok(await placeInQueue(d, caller(req), req.params.sessionId, req.headers['x-queue-ticket'])),
    headers: { 'cache-control': 'no-store' },
  }),
});

export const adminQueuePut = /* @__PURE__ */ defineRoute({
  method: 'PUT',
  path: '/v1/admin/sessions/{sessionId}/queue',
  auth: 'admin',
  params: SessionParams,
  body: QueueSettingsBody,
  response: /* @__PURE__ */ returns<typeof QueueSettings>(),
  needs: { table: 'readWrite' },
  container: 'core',
  run: async (req, d: ConfigureDeps) => ok(await configureQueue(d, req.params.sessionId, req.body)),
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const WAITING_ROOM_ROUTES = {
  'queue-join': queueJoin,
  'queue-status': queueStatus,
  'admin-queue-put': adminQueuePut,
};
