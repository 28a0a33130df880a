import type { RouteDocs } from '#platform/http/route.ts';
import * as R from '#shared/api/responses.ts';
import type { SEARCH_ROUTES } from './routes.ts';

/** What the OpenAPI document and the contract check say of each search route (tools only, never bundled). */
export const SEARCH_ROUTE_DOCS = {
  'programs-search': {
    summary:
      'Search programs: text on title/actor/venue (CJK bigrams, all words must match), city, category (with its children), show-time and price ranges; sort showTime, price or relevance',
    success: [
      200,
      '{items: [{programId, title, actor, city, venue, categoryId, firstShowTime, minPriceCents, maxPriceCents, onSale}], nextCursor}',
    ],
    response: R.SearchPage,
  },
  home: {
    summary: 'Home page: per top-level category, its next programs (up to 7) in the city',
    success: [200, '{sections: [{categoryId, name, programs}]}'],
    response: R.Home,
  },
  'cities-list': {
    summary: 'Cities with programs on sale, busiest first (the city picker)',
    success: [200, '{items: [{city, programs}]}'],
    response: R.Cities,
  },
  'admin-search-reindex': {
    summary:
      'Rebuild the search index from the DynamoDB listings (a new or emptied OpenSearch domain): a job, a page of programs per step',
    success: [202, '{reindexId, status: RUNNING, startedAt, programs: 0}'],
    response: R.Reindex,
  },
  'admin-search-reindex-get': {
    summary: "A search reindex's progress",
    success: [200, '{reindexId, status: RUNNING|DONE, startedAt, programs, finishedAt?}'],
    response: R.Reindex,
    errors: { 404: 'NOT_FOUND: no such reindex' },
  },
} satisfies Record<keyof typeof SEARCH_ROUTES, RouteDocs>;
