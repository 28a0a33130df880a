import { caller } from '#platform/http/handler.ts';
import { noContent, ok } from '#platform/http/responses.ts';
import { defineRoute, returns } from '#platform/http/route.ts';
import { SessionParams } from '#platform/http/schema-kit.ts';
import type { WaitlistDeps } from './port.ts';
import { WaitlistBody, type WaitlistEntry, type WaitlistJoined, WaitlistParams } from './schema.ts';
import { getWaitlistEntry, joinWaitlist, leaveWaitlist } from './waitlist.ts';

export const waitlistJoin = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/sessions/{sessionId}/waitlist',
  auth: 'user',
  params: SessionParams,
  body: WaitlistBody,
  response: /* @__PURE__ */ returns<typeof WaitlistJoined>(),
  needs: { table: 'readWrite' },
  run: async (req, d: WaitlistDeps) => {
    const { joined, ...entry } = await joinWaitlist(d, caller(req), req.params.sessionId, req.body);
    return ok(entry, joined ? 201 : 200);
  },
});

export const waitlistGet = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/waitlist/{waitlistId}',
  auth: 'user',
  params: WaitlistParams,
  response: /* @__PURE__ */ returns<typeof WaitlistEntry>(),
  needs: { table: 'read' },
  run: async (req, d: WaitlistDeps) => ok(await getWaitlistEntry(d, caller(req), req.params.waitlistId)),
});

export const waitlistLeave = /* @__PURE__ */ defineRoute({
  method: 'DELETE',
  path: '/v1/waitlist/{waitlistId}',
  auth: 'user',
  params: WaitlistParams,
  needs: { table: 'readWrite' },
  run: async (req, d: WaitlistDeps) => {
    await leaveWaitlist(d, caller(req), req.params.waitlistId);
    return noContent();
  },
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const WAITLIST_ROUTES = {
  'waitlist-join': waitlistJoin,
  'waitlist-get': waitlistGet,
  'waitlist-leave': waitlistLeave,
};
