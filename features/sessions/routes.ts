import { gzipSync } from 'node:zlib';
import { type UsersDeps, warmBuyerCache } from '#features/users/index.ts';
import { etagOf, notModified } from '#platform/http/etag.ts';
import { created, ok, okMaybeStale } from '#platform/http/responses.ts';
import { type DepsOf, defineRoute, returns } from '#platform/http/route.ts';
import { ProgramParams, SessionParams } from '#platform/http/schema-kit.ts';
import {
  createProgram,
  listCategories,
  openSession,
  programDetailOrLastGood,
  sessionStats,
} from './programs.ts';
import { reconcileSession } from './reconcile.ts';
import type * as R from './schema.ts';
import {
  OpenSessionQuery,
  ProgramBody,
  ProgramPatchBody,
  ReconcileBody,
  SessionPatchBody,
} from './schema.ts';
import { seatMapOrLastGood } from './seat-map.ts';
import { closeSession, patchProgram, patchSession, sessionView } from './session-lifecycle.ts';

/*
 * The sessions feature's routes: programs, sessions, their seat maps and the organiser's
 * lifecycle of them (cancelling a session is the orders' route: it is their job that refunds).
 */

export const categoriesList = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/categories',
  auth: 'none',
  response: /* @__PURE__ */ returns<typeof R.Categories>(),
  needs: { table: 'read' },
  container: 'core',
  run: async (_req, d: DepsOf<typeof listCategories>) => ok({ items: await listCategories(d) }),
});

export const programsGet = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/programs/{programId}',
  auth: 'optional',
  params: ProgramParams,
  response: /* @__PURE__ */ returns<typeof R.ProgramDetail>(),
  needs: { table: 'read', secrets: ['pii'] },
  run: async (
    req,
    d: DepsOf<typeof programDetailOrLastGood> & Pick<UsersDeps, 'buyers' | 'buyerCache' | 'pii'>,
  ) => {
    const read = await programDetailOrLastGood(d, req.params.programId);
    const { program, onSale } = read.value;
    // Seed 001 预热购票人: a logged-in user looking at a program on sale is about to buy.
    if (
      onSale &&
      read.ageSeconds === undefined &&
      req.principal &&
      !(await d.buyerCache.touch(req.principal.userId))
    ) {
      await warmBuyerCache(d, req.principal.userId);
    }
    return okMaybeStale({ value: program, ageSeconds: read.ageSeconds });
  },
});

export const sessionsGet = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/sessions/{sessionId}',
  auth: 'none',
  params: SessionParams,
  response: /* @__PURE__ */ returns<typeof R.Session>(),
  needs: { table: 'read' },
  run: async ({ params }, d: DepsOf<typeof sessionView>) => ok(await sessionView(d, params.sessionId)),
});

export const seatMap = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/sessions/{sessionId}/seats',
  auth: 'none',
  params: SessionParams,
  response: /* @__PURE__ */ returns<typeof R.SeatMap>(),
  // The seat map reads Redis, and the session from the table before it opens: never writes.
  needs: { table: 'read' },
  container: 'core',
  run: async (req, d: DepsOf<typeof seatMapOrLastGood>) => {
    const { value: body, ageSeconds } = await seatMapOrLastGood(d, req.params.sessionId);
    const json = JSON.stringify(body);
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const etag = etagOf(json, gzip ? 'gzip' : 'identity');
    const headers = {
      'cache-control': 'public, max-age=1',
      vary: 'accept-encoding',
      etag,
      // A stored copy while Redis does not answer (docs/API.md, "Degraded answers").
      ...(ageSeconds === undefined ? {} : { 'x-data-age': String(ageSeconds) }),
    };
    // Apps poll the map during an on-sale: an unchanged map costs a 304 and no body.
    if (notModified(req.headers['if-none-match'], etag)) return { status: 304, headers };
    // HTTP APIs do not compress: a 100,000-seat map gzips from ~100 KB to a few KB.
    if (gzip) {
      return {
        status: 200,
        headers: {
          ...headers,
          'content-type': 'application/json; charset=utf-8',
          'content-encoding': 'gzip',
        },
        rawBase64: gzipSync(json).toString('base64'),
      };
    }
    return {
      status: 200,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
      text: json,
    };
  },
});

export const adminProgramsCreate = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/admin/programs',
  auth: 'admin',
  body: ProgramBody,
  response: /* @__PURE__ */ returns<typeof R.ProgramCreated>(),
  needs: { table: 'readWrite', search: 'readWrite' },
  run: async ({ body }, d: DepsOf<typeof createProgram>) => created(await createProgram(d, body)),
});

// Edits and closing update the records, Redis's sale window and the listing.
export const adminProgramsPatch = /* @__PURE__ */ defineRoute({
  method: 'PATCH',
  path: '/v1/admin/programs/{programId}',
  auth: 'admin',
  params: ProgramParams,
  body: ProgramPatchBody,
  response: /* @__PURE__ */ returns<typeof R.ProgramRecord>(),
  needs: { table: 'readWrite', search: 'readWrite' },
  run: async ({ params, body }, d: DepsOf<typeof patchProgram>) =>
    ok(await patchProgram(d, params.programId, body)),
});

export const adminSessionsPatch = /* @__PURE__ */ defineRoute({
  method: 'PATCH',
  path: '/v1/admin/sessions/{sessionId}',
  auth: 'admin',
  params: SessionParams,
  body: SessionPatchBody,
  response: /* @__PURE__ */ returns<typeof R.Session>(),
  needs: { table: 'readWrite', search: 'readWrite' },
  run: async ({ params, body }, d: DepsOf<typeof patchSession>) =>
    ok(await patchSession(d, params.sessionId, body)),
});

export const adminSessionsClose = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/admin/sessions/{sessionId}/close',
  auth: 'admin',
  params: SessionParams,
  response: /* @__PURE__ */ returns<typeof R.Session>(),
  needs: { table: 'readWrite', search: 'readWrite' },
  run: async ({ params }, d: DepsOf<typeof closeSession>) => ok(await closeSession(d, params.sessionId)),
});

export const adminSessionsOpen = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/admin/sessions/{sessionId}/open',
  auth: 'admin',
  params: SessionParams,
  query: OpenSessionQuery,
  response: /* @__PURE__ */ returns<typeof R.Opened>(),
  needs: { table: 'readWrite', search: 'readWrite' },
  run: async ({ params, query }, d: DepsOf<typeof openSession>) =>
    ok(await openSession(d, params.sessionId, query.rebuild === 'true')),
});

export const adminSessionsStats = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/admin/sessions/{sessionId}/stats',
  auth: 'admin',
  params: SessionParams,
  response: /* @__PURE__ */ returns<typeof R.Stats>(),
  needs: { table: 'read' },
  run: async ({ params }, d: DepsOf<typeof sessionStats>) =>
    ok({ sessionId: params.sessionId, ...(await sessionStats(d, params.sessionId)) }),
});

export const adminSessionsReconcile = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/admin/sessions/{sessionId}/reconcile',
  auth: 'admin',
  params: SessionParams,
  body: ReconcileBody,
  response: /* @__PURE__ */ returns<typeof R.Reconciled>(),
  // Reads seat states (consistent reads); repairs write Redis only, never the durable record.
  needs: { table: 'read' },
  container: 'core',
  run: async ({ params, body }, d: DepsOf<typeof reconcileSession>) =>
    ok(await reconcileSession(d, params.sessionId, body?.repair ?? false)),
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const SESSIONS_ROUTES = {
  'categories-list': categoriesList,
  'programs-get': programsGet,
  'sessions-get': sessionsGet,
  'seat-map': seatMap,
  'admin-programs-create': adminProgramsCreate,
  'admin-programs-patch': adminProgramsPatch,
  'admin-sessions-patch': adminSessionsPatch,
  'admin-sessions-close': adminSessionsClose,
  'admin-sessions-open': adminSessionsOpen,
  'admin-sessions-stats': adminSessionsStats,
  'admin-sessions-reconcile': adminSessionsReconcile,
};
