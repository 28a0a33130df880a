/**
 * Search (搜索): program search, the home page's sections, the city picker and reindexing. So
 * far its routes (routes.ts); the use cases, listings and indexes are still in shared/search/. The public surface of features/search: other code imports this file only
 * (test/architecture/import-rules.test.ts).
 */
export { SEARCH_ROUTES } from './routes.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in (its admin routes: Organiser). */
export const SEARCH_STACK = 'Catalogue';
