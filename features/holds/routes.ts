import { caller } from '#platform/http/handler.ts';
import { created, noContent, ok } from '#platform/http/responses.ts';
import { type DepsOf, defineRoute, returns } from '#platform/http/route.ts';
import { SessionParams } from '#platform/http/schema-kit.ts';
import type * as R from '#shared/api/responses.ts';
import { HoldBody, HoldParams } from '#shared/api/schemas.ts';
import { createHold, getHold, releaseHold } from '#shared/booking/holds.ts';

/*
 * The holds feature's routes: take, read and give back a hold. Their use cases, the hold
 * policy and the Redis inventory are still in shared/booking/ and shared/inventory/.
 */

export const holdsCreate = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/sessions/{sessionId}/holds',
  auth: 'user',
  params: SessionParams,
  body: HoldBody,
  rateLimit: 'USER_BUY',
  rateLimitAt: 'use-case',
  response: /* @__PURE__ */ returns<typeof R.Hold>(),
  // A cold buyer cache is refilled from the table (read); holds themselves live in Redis.
  needs: { table: 'read', scheduler: true, secrets: ['gate', 'pii'] },
  container: 'holdPath',
  primeAtInit: true,
  // Every hold schedules its release: the Scheduler's client loads at init, not on the first hold.
  preload: ['@aws-sdk/client-scheduler'],
  run: async (req, d: DepsOf<typeof createHold>) =>
    created(
      await createHold(d, caller(req), req.params.sessionId, req.body, {
        admissionToken: req.headers['x-admission-token'],
      }),
    ),
});

export const holdsGet = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/holds/{holdId}',
  auth: 'user',
  params: HoldParams,
  response: /* @__PURE__ */ returns<typeof R.Hold>(),
  needs: { table: 'none' },
  container: 'holdPath',
  run: async (req, d: DepsOf<typeof getHold>) => ok(await getHold(d, caller(req), req.params.holdId)),
});

export const holdsDelete = /* @__PURE__ */ defineRoute({
  method: 'DELETE',
  path: '/v1/holds/{holdId}',
  auth: 'user',
  params: HoldParams,
  needs: { table: 'none', scheduler: true, events: true },
  container: 'holdPath',
  run: async (req, d: DepsOf<typeof releaseHold>) => {
    await releaseHold(d, caller(req), req.params.holdId);
    return noContent();
  },
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const HOLDS_ROUTES = {
  'holds-create': holdsCreate,
  'holds-get': holdsGet,
  'holds-delete': holdsDelete,
};
