import { ok, okMaybeStale } from '#platform/http/responses.ts';
import { type DepsOf, defineRoute, returns } from '#platform/http/route.ts';
import type * as R from '#shared/api/responses.ts';
import { HomeQuery, ReindexParams, SearchQuery } from '#shared/api/schemas.ts';
import { listCities } from '#shared/search/cities.ts';
import { homeSections, searchPrograms } from '#shared/search/program-search.ts';
import { reindexProgress, startReindex } from '#shared/search/reindex.ts';

/*
 * The search feature's routes: program search, the home page, the city picker and the
 * organiser's reindex. Their use cases, the listings and the three search indexes are still in
 * shared/search/; they read programs and sessions through features/sessions/index.ts.
 */

export const programsSearch = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/programs',
  auth: 'none',
  query: SearchQuery,
  response: /* @__PURE__ */ returns<typeof R.SearchPage>(),
  // Search reads OpenSearch, and the DynamoDB listings when OpenSearch fails.
  needs: { table: 'read', search: 'read' },
  run: async ({ query }, d: DepsOf<typeof searchPrograms>) => okMaybeStale(await searchPrograms(d, query)),
});

export const home = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/home',
  auth: 'none',
  query: HomeQuery,
  response: /* @__PURE__ */ returns<typeof R.Home>(),
  needs: { table: 'read', search: 'read' },
  run: async ({ query }, d: DepsOf<typeof homeSections>) => okMaybeStale(await homeSections(d, query.city)),
});

export const citiesList = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/cities',
  auth: 'none',
  response: /* @__PURE__ */ returns<typeof R.Cities>(),
  needs: { table: 'read' },
  container: 'core',
  run: async (_req, d: DepsOf<typeof listCities>) => okMaybeStale(await listCities(d)),
});

// Starts a search reindex (its progress record, the job's first step); reads its progress.
export const adminSearchReindex = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/admin/search/reindex',
  auth: 'admin',
  response: /* @__PURE__ */ returns<typeof R.Reindex>(),
  needs: { table: 'readWrite', jobSend: true },
  run: async (_req, d: DepsOf<typeof startReindex>) => ({ status: 202, body: await startReindex(d) }),
});

export const adminSearchReindexGet = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/admin/search/reindex/{reindexId}',
  auth: 'admin',
  params: ReindexParams,
  response: /* @__PURE__ */ returns<typeof R.Reindex>(),
  needs: { table: 'read' },
  run: async ({ params }, d: DepsOf<typeof reindexProgress>) =>
    ok(await reindexProgress(d, params.reindexId)),
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const SEARCH_ROUTES = {
  'programs-search': programsSearch,
  home,
  'cities-list': citiesList,
  'admin-search-reindex': adminSearchReindex,
  'admin-search-reindex-get': adminSearchReindexGet,
};
