import { randomUUID, timingSafeEqual } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { DomainError } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count, flushMetrics } from '#kernel/observability/metrics.ts';
import type { Principal, Role } from '#kernel/principal.ts';
import type { RateLimitName } from '#kernel/rate-limits.ts';
import { loadSecrets } from '#platform/clients/secrets.ts';
import { errorResult, type HttpResult, toApiGatewayResult } from '#platform/http/responses.ts';
import { parseWith } from '#platform/http/validation.ts';
import { CircuitOpenError } from '#platform/resilience/circuit-breaker.ts';
import {
  DEPENDENCY_RETRY_AFTER_SECONDS,
  isDependencyFailure,
} from '#platform/resilience/dependency-failure.ts';

/** Bodies above this are refused before parsing (413); the largest legitimate body is an admin layout. */
export const MAX_BODY_BYTES = 64 * 1024;

export type AuthMode = 'none' | 'optional' | Role;

/**
 * What the HTTP layer asks of the product on each request, supplied by the app's composition
 * (app code binds it once: `makeHttpHandler(() => guards)`), so this layer reaches no service.
 */
export interface HttpGuards {
  /** The bearer token's caller: signature and expiry checked, not logged out; else UNAUTHENTICATED. */
  authenticate(token: string): Promise<Principal>;
  /** Counts one request of `subject` (a user id or an address) against the limit; RATE_LIMITED when over. */
  enforceRate(name: RateLimitName, subject: string): Promise<void>;
}

export interface RouteSpec<
  B extends z.ZodMiniType = z.ZodMiniType,
  P extends z.ZodMiniType = z.ZodMiniType,
  Q extends z.ZodMiniType = z.ZodMiniType,
> {
  auth: AuthMode;
  body?: B;
  params?: P;
  query?: Q;
  /** The rate limit this route counts against: per user (`USER_BUY`) or per source IP (`IP_*`). */
  rateLimit?: RateLimitName;
  /**
   * `use-case`: the use case counts it itself, at the point where the request first needs a
   * shared store (holds: after the in-process sold-out check). Default: the middleware.
   */
  rateLimitAt?: 'use-case';
}

export interface ApiRequest<B, P, Q> {
  body: B;
  params: P;
  query: Q;
  principal: Principal | undefined;
  headers: Record<string, string | undefined>;
  rawBody: string;
  requestId: string;
  /** The caller's address as API Gateway saw it (per-IP limits key on it). */
  sourceIp: string;
  event: APIGatewayProxyEventV2;
}

interface ApiContext extends Context {
  requestId: string;
  principal?: Principal;
  parsed?: { body: unknown; params: unknown; query: unknown; rawBody: string };
}

type Request = middy.Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>;

const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
const headerOf = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
};

/** Echoes a sane x-request-id or makes one, and puts it on every response (errors included). */
const requestIdMiddleware = (): MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  ApiContext
> => {
  // Runs last on every way out: stamp the response and flush the invocation's metrics.
  const stamp = (request: Request) => {
    if (request.response)
      request.response.headers = { ...request.response.headers, 'x-request-id': request.context.requestId };
    flushMetrics();
  };
  return {
    before: (request) => {
      const sent = headerOf(request.event, 'x-request-id');
      request.context.requestId = sent && REQUEST_ID.test(sent) ? sent : randomUUID();
      // Keys of the previous invocation (its request id, its user) must not leak into this one.
      logger.resetKeys();
      logger.appendKeys({ requestId: request.context.requestId });
    },
    after: stamp,
    onError: stamp,
  };
};

/** Secrets Manager values into the environment before anything builds a client (once per container). */
const secretsMiddleware = (): MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  ApiContext
> => ({
  before: async () => {
    await loadSecrets();
  },
});

/**
 * The one place errors become HTTP: domain errors as the API error body, a dependency that did
 * not answer as 503 `UNAVAILABLE` with `retry-after`, anything else a bare 500.
 */
const errorMiddleware = (): MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  ApiContext
> => ({
  onError: (request) => {
    const err = request.error;
    if (err instanceof DomainError && err.code !== 'INTERNAL') {
      request.response = toApiGatewayResult(errorResult(err));
      return;
    }
    if (isDependencyFailure(err)) {
      // A dependency did not answer in its bounded time: retry later, nothing half-written.
      // Refused by an open circuit: the breaker logged the opening once; a line per refused
      // request (thousands a second in an outage) with a stack each would only cost money.
      if (err instanceof CircuitOpenError)
        logger.debug('refused: circuit open', { dependency: err.dependency });
      else logger.warn('dependency unavailable', { metric: 'DependencyUnavailable', error: err as Error });
      count('DependencyUnavailable');
      request.response = toApiGatewayResult(
        errorResult(
          new DomainError(
            'UNAVAILABLE',
            'The service is briefly unavailable; please retry shortly',
            undefined,
            {
              retryAfterSeconds: DEPENDENCY_RETRY_AFTER_SECONDS,
            },
          ),
        ),
      );
      return;
    }
    logger.error('unhandled error', { error: err as Error });
    request.response = toApiGatewayResult(
      errorResult(new DomainError('INTERNAL', 'Something went wrong on our side; please retry later')),
    );
  },
});

function decodeBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Size limit, JSON parsing and zod validation of body, path parameters and query string. */
const parseMiddleware = (
  spec: RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext> => ({
  before: (request) => {
    const { event } = request;
    const rawBody = decodeBody(event);
    if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    let body: unknown;
    if (spec.body) {
      const type = headerOf(event, 'content-type');
      if (rawBody && type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
      }
      let json: unknown;
      try {
        json = rawBody === '' ? undefined : JSON.parse(rawBody);
      } catch (cause) {
        throw new DomainError('MALFORMED_JSON', 'The body is not valid JSON', undefined, { cause });
      }
      body = parseWith(spec.body, json, 'body');
    }
    const params = spec.params ? parseWith(spec.params, event.pathParameters ?? {}, 'path') : {};
    const query = spec.query ? parseWith(spec.query, event.queryStringParameters ?? {}, 'query') : {};
    request.context.parsed = { body, params, query, rawBody };
  },
});

/**
 * The caller's address. Behind CloudFront (ORIGIN_VERIFY_SECRET set) API Gateway sees an edge
 * server, so it is the viewer's address CloudFront forwards (`CloudFront-Viewer-Address`,
 * "ip:port"), trusted because only CloudFront knows the origin header the request passed with;
 * otherwise API Gateway's `requestContext.http.sourceIp` (the socket's address locally).
 */
export function sourceIpOf(event: APIGatewayProxyEventV2): string {
  const viewer = process.env.ORIGIN_VERIFY_SECRET ? headerOf(event, 'cloudfront-viewer-address') : undefined;
  if (viewer) {
    const ip = viewer.slice(0, viewer.lastIndexOf(':')).replace(/^\[|\]$/g, '');
    if (ip) return ip;
  }
  return event.requestContext?.http?.sourceIp || 'unknown';
}

/**
 * With ORIGIN_VERIFY_SECRET set (the API behind CloudFront and its WAF), a request without
 * CloudFront's origin header came around the edge: 403, before anything else runs.
 */
const originMiddleware = (): MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  ApiContext
> => ({
  before: (request) => {
    const expected = process.env.ORIGIN_VERIFY_SECRET;
    if (!expected) return;
    const given = Buffer.from(headerOf(request.event, 'x-origin-verify') ?? '');
    const want = Buffer.from(expected);
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      throw new DomainError('FORBIDDEN', 'Call the API through its CloudFront address');
    }
  },
});

/**
 * Counts the request against the route's rate limit (atomic in Redis) after it was
 * authenticated and found valid: 429 with `retry-after` when over, before any work is done.
 */
const rateLimitMiddleware = (
  name: RateLimitName | undefined,
  guards: () => HttpGuards,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext> => ({
  before: async (request) => {
    if (!name) return;
    const subject = name === 'USER_BUY' ? request.context.principal?.userId : sourceIpOf(request.event);
    if (subject) await guards().enforceRate(name, subject);
  },
});

const RANK: Record<Role, number> = { user: 0, staff: 1, admin: 2 };

/** Bearer token check: local JWT verification plus one Redis look-up for logged-out tokens. */
const authMiddleware = (
  mode: AuthMode,
  guards: () => HttpGuards,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext> => ({
  before: async (request) => {
    if (mode === 'none') return;
    const header = headerOf(request.event, 'authorization');
    if (!header) {
      if (mode === 'optional') return;
      throw new DomainError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>');
    }
    const m = /^Bearer ([\w.-]+)$/i.exec(header.trim());
    if (!m?.[1]) throw new DomainError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>');
    const principal = await guards().authenticate(m[1]);
    if (mode !== 'optional' && RANK[principal.role] < RANK[mode]) {
      throw new DomainError('FORBIDDEN', `This needs the ${mode} role`);
    }
    request.context.principal = principal;
    logger.appendKeys({ userId: principal.userId });
  },
});

/** The body a route's contract allows (shared/api/responses.ts), or none. */
type BodyOf<R> = R extends z.ZodMiniType ? z.input<R> : never;

/**
 * The API handler factory, bound to the product's guards: `httpHandler(spec, fn)` is middy with
 * request id, error mapping, parsing/validation, auth and rate limit as middlewares; `fn` is
 * the use-case call with typed input.
 */
export const makeHttpHandler =
  (guards: () => HttpGuards) =>
  <
    B extends z.ZodMiniType = z.ZodMiniUndefined,
    P extends z.ZodMiniType = z.ZodMiniObject,
    Q extends z.ZodMiniType = z.ZodMiniObject,
    R extends z.ZodMiniType | undefined = undefined,
  >(
    spec: RouteSpec<B, P, Q> & { response?: R },
    // The answer's body is typed by the route's response schema: a handler that builds what
    // the contract does not allow does not compile (and the tests check it at run time too).
    fn: (req: ApiRequest<z.infer<B>, z.infer<P>, z.infer<Q>>) => Promise<HttpResult<BodyOf<R>>>,
  ) =>
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>()
      .use(requestIdMiddleware())
      .use(errorMiddleware())
      .use(secretsMiddleware())
      .use(originMiddleware())
      .use(authMiddleware(spec.auth, guards))
      .use(parseMiddleware(spec as RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>))
      .use(rateLimitMiddleware(spec.rateLimitAt === 'use-case' ? undefined : spec.rateLimit, guards))
      .handler(async (event, context) => {
        const parsed = context.parsed!;
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
        const result = await fn({
          body: parsed.body as z.infer<B>,
          params: parsed.params as z.infer<P>,
          query: parsed.query as z.infer<Q>,
          principal: context.principal,
          headers,
          rawBody: parsed.rawBody,
          requestId: context.requestId,
          sourceIp: sourceIpOf(event),
          event,
        });
        return toApiGatewayResult(result);
      });

/** The authenticated caller; only for routes whose spec requires auth. */
export function caller(req: { principal: Principal | undefined }): Principal {
  if (!req.principal) throw new DomainError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>');
  return req.principal;
}
