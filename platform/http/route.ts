import type * as z from 'zod/mini';
import type { ApiRequest, RouteSpec } from '#platform/http/handler.ts';
import type { HttpResult } from '#platform/http/responses.ts';
import type { Needs } from '#platform/needs.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a function needs of its route when it runs: where it is, who may call, what it accepts. */
export interface RouteRuntime extends RouteSpec {
  method: HttpMethod;
  path: string;
  /** The success body's schema, as a type only (`returns`): the handler's answer is typed by it. */
  response?: z.ZodMiniType;
}

/** The body a route's contract allows, or none. */
export type BodyOf<R> = R extends z.ZodMiniType ? z.input<R> : never;

/**
 * A route as its feature declares it, in one place: where it is, who may call it, what it
 * accepts (zod), what it answers (the response schema as a type only), what its function may
 * touch in AWS (`needs`: the stack grants exactly that) and what it does (`run`, with the
 * part of the container it names as `D`). The app's registry (app/registry.ts) lists every
 * feature's routes for the local router, the CDK stack and the OpenAPI document; the
 * function's entry (functions/<name>/index.ts, generated) binds it to a container.
 */
export interface RouteDefinition<
  B extends z.ZodMiniType = z.ZodMiniType,
  P extends z.ZodMiniType = z.ZodMiniType,
  Q extends z.ZodMiniType = z.ZodMiniType,
  R extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
  D = never,
> extends RouteSpec<B, P, Q> {
  method: HttpMethod;
  path: string;
  response?: R;
  needs: Needs;
  /**
   * The container the function runs on, when not the whole one: `core`, the hot path's
   * (shared/app/core-container.ts: no order, payment, ticket or search code in the bundle), or
   * `holdPath`, the smallest (hold-path-container.ts: what a hold and the queue poll use). Its
   * entry compiles only if that container has what `run` names.
   */
  container?: 'core' | 'holdPath';
  /** In Lambda, read the secrets, open Redis and parse the token key during init (shared/app/prime.ts). */
  primeAtInit?: true;
  /**
   * Packages the function calls on every request, loaded at init rather than on the first
   * request (the SDK clients are otherwise loaded on first use); the reason beside the list.
   */
  preload?: readonly string[];
  run: (req: ApiRequest<z.infer<B>, z.infer<P>, z.infer<Q>>, deps: D) => Promise<HttpResult<BodyOf<R>>>;
}

/**
 * Declares a route (see RouteDefinition). A function's bundle keeps only the routes it serves
 * when the calls are pure: esbuild honours this function's @__NO_SIDE_EFFECTS__ only on calls
 * in this file (evanw/esbuild#4369), so a feature writes its top-level calls of defineRoute,
 * returns and schema as `/* @__PURE__ *\/ defineRoute(...)` (test/infra/function-bundles.test.ts
 * fails when a bundle carries a route it does not serve).
 */
// @__NO_SIDE_EFFECTS__
export function defineRoute<
  D,
  B extends z.ZodMiniType = z.ZodMiniUndefined,
  P extends z.ZodMiniType = z.ZodMiniObject,
  Q extends z.ZodMiniType = z.ZodMiniObject,
  R extends z.ZodMiniType | undefined = undefined,
>(route: RouteDefinition<B, P, Q, R, D>): RouteDefinition<B, P, Q, R, D> {
  return route;
}

/**
 * A route's success body, carried in the route's type and not as a value: handlers that build
 * what the contract does not allow do not compile, while the response schemas and the route
 * documentation stay out of the functions' bundles.
 */
// @__NO_SIDE_EFFECTS__
export function returns<T>(): T {
  return undefined as unknown as T;
}

/** What the OpenAPI document, the contract check and docs/API.md say of a route. */
export interface RouteDocs {
  summary: string;
  /** Success status and what it returns, for the OpenAPI document. */
  success: [number, string];
  /** The success body's schema; absent: no body (or `text`). */
  response?: z.ZodMiniType;
  /** A plain-text success body (Alipay reads the word `success` back). */
  text?: true;
  /** Other success statuses, with the same body (304: none). */
  otherSuccess?: [number, string][];
  /**
   * Route-specific error statuses and the codes they carry. 400, 404 and 503 are every
   * route's; 401/403/413/415/429 follow from auth, body and rate limit (contract-check.ts).
   */
  errors?: Partial<Record<number, string>>;
  /** Request headers the route reads. */
  headers?: Record<string, { required: boolean; description: string }>;
}

/** The part of the container a use case takes (its first parameter): a route's `run` names it so. */
export type DepsOf<F extends (...args: never[]) => unknown> = Parameters<F>[0];
