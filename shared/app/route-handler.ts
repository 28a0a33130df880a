import type * as z from 'zod/mini';
import type { RouteDefinition } from '#platform/http/route.ts';
import { httpHandler } from '#shared/app/http-handler.ts';

/**
 * A feature route as a Lambda handler: the product's HTTP handler around the route's `run`,
 * given the container (`container()` is read per request, built once per Lambda container).
 * A container that lacks what the route names (`D`) does not compile.
 */
export function routeHandler<
  D,
  B extends z.ZodMiniType,
  P extends z.ZodMiniType,
  Q extends z.ZodMiniType,
  R extends z.ZodMiniType | undefined,
>(route: RouteDefinition<B, P, Q, R, D>, container: () => D) {
  return httpHandler(route, (req) => route.run(req, container()));
}
