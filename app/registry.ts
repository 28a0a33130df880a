import { VOUCHER_ROUTES, VOUCHERS_STACK } from '#features/vouchers/index.ts';
import { VOUCHER_ROUTE_DOCS } from '#features/vouchers/routes.docs.ts';
import { WAITLIST_ROUTES, WAITLIST_STACK } from '#features/waitlist/index.ts';
import { WAITLIST_ROUTE_DOCS } from '#features/waitlist/routes.docs.ts';
import { ROUTE_DOCS } from '#functions/route-docs.ts';
import { type FunctionName as LegacyFunction, ROUTE_SPECS } from '#functions/route-specs.ts';
import type { RouteDocs, RouteRuntime } from '#platform/http/route.ts';
import type { Needs } from '#platform/needs.ts';

/**
 * The product's parts, assembled: every feature's routes with their documentation, what each
 * route's function may touch (`needs`) and the nested stack it deploys in. The local runtime's
 * router, the contract check, the CDK stack and the OpenAPI document read this file; functions
 * never do (their entries import their own route, so no bundle carries the documentation).
 *
 * Routes not yet moved into a feature module are still declared in functions/route-specs.ts
 * (spec) and functions/route-docs.ts (docs); their needs in infra/stacks/function-needs.ts.
 */
export const FEATURES = {
  vouchers: { routes: VOUCHER_ROUTES, docs: VOUCHER_ROUTE_DOCS, stack: VOUCHERS_STACK },
  waitlist: { routes: WAITLIST_ROUTES, docs: WAITLIST_ROUTE_DOCS, stack: WAITLIST_STACK },
} as const;

const FEATURE_ROUTES = { ...VOUCHER_ROUTES, ...WAITLIST_ROUTES };
/** A function that serves a route declared in a feature module. */
export type FeatureFunction = keyof typeof FEATURE_ROUTES;
export type FunctionName = LegacyFunction | FeatureFunction;
export type FeatureName = keyof typeof FEATURES;

/** A route with everything said of it: its spec and its documentation. */
export interface RouteDef extends Omit<RouteRuntime, 'response'>, RouteDocs {}

type LegacyRoute<N extends LegacyFunction> = Omit<(typeof ROUTE_SPECS)[N], 'response'> &
  (typeof ROUTE_DOCS)[N];
type FeatureRoute<N extends FeatureFunction> = Omit<(typeof FEATURE_ROUTES)[N], 'response' | 'run'> &
  RouteDocs;

function withDocs<N extends string>(
  routes: Record<N, RouteRuntime | Omit<RouteRuntime, 'response'>>,
  docs: Record<N, RouteDocs>,
) {
  return Object.fromEntries(
    (Object.keys(routes) as N[]).map((name) => {
      const { response: _typeOnly, run: _run, ...route } = routes[name] as RouteRuntime & { run?: unknown };
      return [name, { ...route, ...docs[name] }];
    }),
  );
}

/**
 * Every HTTP route of docs/API.md, keyed by the function that serves it: the one table for
 * the local runtime's router, the contract check, the CDK routes and the OpenAPI document.
 */
export const ROUTES = {
  ...withDocs(ROUTE_SPECS, ROUTE_DOCS),
  ...withDocs(VOUCHER_ROUTES, VOUCHER_ROUTE_DOCS),
  ...withDocs(WAITLIST_ROUTES, WAITLIST_ROUTE_DOCS),
} as { [N in LegacyFunction]: LegacyRoute<N> } & { [N in FeatureFunction]: FeatureRoute<N> };

/** What each feature route's function may touch, as the route declares it. */
export const FEATURE_NEEDS = Object.fromEntries(
  Object.entries(FEATURE_ROUTES).map(([name, route]) => [name, route.needs]),
) as Record<FeatureFunction, Needs>;

/** The feature each feature route belongs to, and so its nested stack. */
export const FEATURE_OF_ROUTE = Object.fromEntries(
  (Object.entries(FEATURES) as [FeatureName, (typeof FEATURES)[FeatureName]][]).flatMap(([feature, f]) =>
    Object.keys(f.routes).map((name) => [name, feature]),
  ),
) as Record<FeatureFunction, FeatureName>;
