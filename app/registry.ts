import { ABUSE_ROUTES, ABUSE_STACK } from '#features/abuse/index.ts';
import { ABUSE_ROUTE_DOCS } from '#features/abuse/routes.docs.ts';
import { HEALTH_ROUTES, HEALTH_STACK } from '#features/health/index.ts';
import { HEALTH_ROUTE_DOCS } from '#features/health/routes.docs.ts';
import { HOLDS_JOBS, HOLDS_ROUTES, HOLDS_STACK } from '#features/holds/index.ts';
import { HOLDS_ROUTE_DOCS } from '#features/holds/routes.docs.ts';
import { NOTIFICATION_JOBS, NOTIFICATIONS_STACK } from '#features/notifications/index.ts';
import { ORDERS_ROUTES, ORDERS_STACK } from '#features/orders/index.ts';
import { ORDERS_ROUTE_DOCS } from '#features/orders/routes.docs.ts';
import { PAYMENTS_JOBS, PAYMENTS_ROUTES, PAYMENTS_STACK } from '#features/payments/index.ts';
import { PAYMENTS_ROUTE_DOCS } from '#features/payments/routes.docs.ts';
import { SEARCH_ROUTES, SEARCH_STACK } from '#features/search/index.ts';
import { SEARCH_ROUTE_DOCS } from '#features/search/routes.docs.ts';
import { SESSIONS_JOBS, SESSIONS_ROUTES, SESSIONS_STACK } from '#features/sessions/index.ts';
import { SESSIONS_ROUTE_DOCS } from '#features/sessions/routes.docs.ts';
import { TICKETS_JOBS, TICKETS_ROUTES, TICKETS_STACK } from '#features/tickets/index.ts';
import { TICKETS_ROUTE_DOCS } from '#features/tickets/routes.docs.ts';
import { USERS_ROUTES, USERS_STACK } from '#features/users/index.ts';
import { USERS_ROUTE_DOCS } from '#features/users/routes.docs.ts';
import { VOUCHER_ROUTES, VOUCHERS_STACK } from '#features/vouchers/index.ts';
import { VOUCHER_ROUTE_DOCS } from '#features/vouchers/routes.docs.ts';
import { WAITING_ROOM_ROUTES, WAITING_ROOM_STACK } from '#features/waiting-room/index.ts';
import { WAITING_ROOM_ROUTE_DOCS } from '#features/waiting-room/routes.docs.ts';
import { WAITLIST_JOBS, WAITLIST_ROUTES, WAITLIST_STACK } from '#features/waitlist/index.ts';
import { WAITLIST_ROUTE_DOCS } from '#features/waitlist/routes.docs.ts';
import { type Trigger, TRIGGERS as UNMOVED_TRIGGERS } from '#functions/triggers.ts';
import type { RouteDocs, RouteRuntime } from '#platform/http/route.ts';
import type { Needs } from '#platform/needs.ts';

/**
 * The product's parts, assembled: every feature's routes with their documentation and its
 * background jobs with their triggers, what each function may touch (`needs`) and the nested
 * stack it deploys in. The local runtime's
 * router, the contract check, the CDK stack and the OpenAPI document read this file; functions
 * never do (their entries import their own route, so no bundle carries the documentation).
 *
 * Every route is declared in a feature (`routes.ts`, its documentation in `routes.docs.ts`);
 * jobs not yet moved are still in functions/triggers.ts, their needs in
 * infra/stacks/function-needs.ts.
 */
export const FEATURES = {
  abuse: { routes: ABUSE_ROUTES, docs: ABUSE_ROUTE_DOCS, stack: ABUSE_STACK },
  health: { routes: HEALTH_ROUTES, docs: HEALTH_ROUTE_DOCS, stack: HEALTH_STACK },
  holds: { routes: HOLDS_ROUTES, docs: HOLDS_ROUTE_DOCS, jobs: HOLDS_JOBS, stack: HOLDS_STACK },
  notifications: { routes: {}, docs: {}, jobs: NOTIFICATION_JOBS, stack: NOTIFICATIONS_STACK },
  orders: { routes: ORDERS_ROUTES, docs: ORDERS_ROUTE_DOCS, stack: ORDERS_STACK },
  payments: {
    routes: PAYMENTS_ROUTES,
    docs: PAYMENTS_ROUTE_DOCS,
    jobs: PAYMENTS_JOBS,
    stack: PAYMENTS_STACK,
  },
  search: { routes: SEARCH_ROUTES, docs: SEARCH_ROUTE_DOCS, stack: SEARCH_STACK },
  sessions: {
    routes: SESSIONS_ROUTES,
    docs: SESSIONS_ROUTE_DOCS,
    jobs: SESSIONS_JOBS,
    stack: SESSIONS_STACK,
  },
  tickets: { routes: TICKETS_ROUTES, docs: TICKETS_ROUTE_DOCS, jobs: TICKETS_JOBS, stack: TICKETS_STACK },
  users: { routes: USERS_ROUTES, docs: USERS_ROUTE_DOCS, stack: USERS_STACK },
  vouchers: { routes: VOUCHER_ROUTES, docs: VOUCHER_ROUTE_DOCS, stack: VOUCHERS_STACK },
  'waiting-room': { routes: WAITING_ROOM_ROUTES, docs: WAITING_ROOM_ROUTE_DOCS, stack: WAITING_ROOM_STACK },
  waitlist: {
    routes: WAITLIST_ROUTES,
    docs: WAITLIST_ROUTE_DOCS,
    jobs: WAITLIST_JOBS,
    stack: WAITLIST_STACK,
  },
} as const;

type Feature = (typeof FEATURES)[keyof typeof FEATURES];
/** One object with every member of the union's objects (the features' route and job tables). */
type Merged<U> = (U extends unknown ? (u: U) => void : never) extends (m: infer M) => void ? M : never;

/** Every route declared in a feature module, by its function. */
export const FEATURE_ROUTES = Object.assign({}, ...Object.values(FEATURES).map((f) => f.routes)) as Merged<
  Feature['routes']
>;
/** Every background job declared in a feature module, by its function. */
export const FEATURE_JOBS = Object.assign(
  {},
  ...Object.values(FEATURES).map((f) => ('jobs' in f ? f.jobs : {})),
) as Merged<Extract<Feature, { jobs: unknown }>['jobs']>;
/** A function that serves a route declared in a feature module. */
export type FeatureRouteFunction = keyof typeof FEATURE_ROUTES;
/** A background function declared in a feature module. */
export type FeatureJobFunction = keyof typeof FEATURE_JOBS;
/** Every function a feature module declares. */
export type FeatureFunction = FeatureRouteFunction | FeatureJobFunction;
/** A function with an HTTP route. */
export type FunctionName = FeatureRouteFunction;
export type FeatureName = keyof typeof FEATURES;

/** A route with everything said of it: its spec and its documentation. */
export interface RouteDef extends Omit<RouteRuntime, 'response'>, RouteDocs {}

type FeatureRoute<N extends FeatureRouteFunction> = Omit<
  (typeof FEATURE_ROUTES)[N],
  'response' | 'run' | 'container' | 'primeAtInit' | 'preload'
> &
  RouteDocs;

function withDocs<N extends string>(
  routes: Record<N, RouteRuntime | Omit<RouteRuntime, 'response'>>,
  docs: Record<N, RouteDocs>,
) {
  return Object.fromEntries(
    (Object.keys(routes) as N[]).map((name) => {
      const {
        response: _typeOnly,
        run: _run,
        container: _container,
        primeAtInit: _primeAtInit,
        preload: _preload,
        ...route
      } = routes[name] as RouteRuntime & {
        run?: unknown;
        container?: unknown;
        primeAtInit?: unknown;
        preload?: unknown;
      };
      return [name, { ...route, ...docs[name] }];
    }),
  );
}

/**
 * Every HTTP route of docs/API.md, keyed by the function that serves it: the one table for
 * the local runtime's router, the contract check, the CDK routes and the OpenAPI document.
 */
export const ROUTES = {
  ...Object.assign(
    {},
    ...(
      Object.values(FEATURES) as { routes: Record<string, RouteRuntime>; docs: Record<string, RouteDocs> }[]
    ).map((f) => withDocs(f.routes, f.docs)),
  ),
} as { [N in FeatureRouteFunction]: FeatureRoute<N> };

/**
 * How each background function starts (the CDK stack's rules, event sources and schedules,
 * the local runtime's stand-ins): the jobs not yet moved, then each feature's, its trigger
 * taken from its definition.
 */
export const TRIGGERS = {
  ...UNMOVED_TRIGGERS,
  ...(Object.fromEntries(
    // The job's definition without what only its function uses is its trigger.
    Object.entries(FEATURE_JOBS).map(([name, job]) => {
      const {
        needs: _n,
        run: _r,
        malformed: _m,
        container: _c,
        stack: _s,
        ...trigger
      } = job as typeof job & {
        malformed?: unknown;
        container?: unknown;
        stack?: unknown;
      };
      return [name, trigger];
    }),
  ) as Record<FeatureJobFunction, Extract<Trigger, { kind: 'bus' | 'schedule' }>>),
};

export type BackgroundFunction = keyof typeof TRIGGERS;

/** Functions not behind HTTP, in the table's order. */
export const BACKGROUND_FUNCTIONS = Object.keys(TRIGGERS) as BackgroundFunction[];

/** The entries of one kind, typed by it. */
export function triggersOf<K extends Trigger['kind']>(
  kind: K,
): [BackgroundFunction, Extract<Trigger, { kind: K }>][] {
  return (Object.entries(TRIGGERS) as [BackgroundFunction, Trigger][]).filter(
    (e): e is [BackgroundFunction, Extract<Trigger, { kind: K }>] => e[1].kind === kind,
  );
}

/** What each feature function may touch, as its route or job declares it. */
export const FEATURE_NEEDS = Object.fromEntries(
  [...Object.entries(FEATURE_ROUTES), ...Object.entries(FEATURE_JOBS)].map(([name, f]) => [name, f.needs]),
) as Record<FeatureFunction, Needs>;

/** The feature each feature function belongs to, and so its nested stack; whether it is a route or a job. */
export const FEATURE_OF_FUNCTION = Object.fromEntries(
  (Object.entries(FEATURES) as [FeatureName, (typeof FEATURES)[FeatureName]][]).flatMap(([feature, f]) => [
    ...Object.keys(f.routes).map((name) => [name, { feature, kind: 'route' }]),
    ...Object.keys('jobs' in f ? f.jobs : {}).map((name) => [name, { feature, kind: 'job' }]),
  ]),
) as Record<FeatureFunction, { feature: FeatureName; kind: 'route' | 'job' }>;
