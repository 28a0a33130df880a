import { ROUTE_DOCS, type RouteDocs } from './route-docs.ts';
import { type FunctionName, ROUTE_SPECS, type RouteRuntime } from './route-specs.ts';

export type { FunctionName };

/** A route with everything said of it: its spec (route-specs.ts) and its documentation (route-docs.ts). */
export interface RouteDef extends Omit<RouteRuntime, 'response'>, RouteDocs {}

type Route<N extends FunctionName> = Omit<(typeof ROUTE_SPECS)[N], 'response'> & (typeof ROUTE_DOCS)[N];

/**
 * Every HTTP route of docs/API.md, spec and documentation joined: the one table for the local
 * runtime's router, the contract check, the CDK routes and the OpenAPI document. Functions
 * import functions/route-specs.ts instead, so their bundles carry no documentation.
 */
export const ROUTES = Object.fromEntries(
  (Object.keys(ROUTE_SPECS) as FunctionName[]).map((name) => [
    name,
    { ...ROUTE_SPECS[name], ...ROUTE_DOCS[name] },
  ]),
) as { [N in FunctionName]: Route<N> };
