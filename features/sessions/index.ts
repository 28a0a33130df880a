/**
 * Sessions (场次): programs, their sessions and seat maps, and the organiser's lifecycle of
 * them. So far its routes (routes.ts); the use cases, rules and stores are still in
 * shared/catalogue/. The public surface of features/sessions: other code imports this file
 * only (test/architecture/import-rules.test.ts).
 */
export { SESSIONS_JOBS } from './jobs.ts';
export { SESSIONS_ROUTES } from './routes.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in (its admin routes: Organiser). */
export const SESSIONS_STACK = 'Catalogue';
