import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ROUTES, type RouteDef } from '../../app/registry.ts';
import { ErrorBody } from '../../shared/api/responses.ts';

/** Every status a route may answer: its successes, its documented errors, and the ones all routes share. */
export function statusesOf(route: RouteDef): Map<number, z.ZodMiniType | 'none' | 'text'> {
  const out = new Map<number, z.ZodMiniType | 'none' | 'text'>();
  const body = route.response ?? (route.text ? 'text' : 'none');
  out.set(route.success[0], body);
  for (const [status] of route.otherSuccess ?? []) out.set(status, status === 304 ? 'none' : body);
  for (const status of errorStatusesOf(route)) out.set(status, ErrorBody);
  return out;
}

/** The error statuses of a route, from its auth, body, limits and its own list (the OpenAPI document's too). */
export function errorStatusesOf(route: RouteDef): number[] {
  const s = new Set<number>([400, 404, 503]);
  if (route.auth !== 'none') s.add(401);
  if (route.auth === 'admin' || route.auth === 'staff') s.add(403);
  if (route.body) {
    s.add(413);
    s.add(415);
  }
  if (route.rateLimit) s.add(429);
  for (const status of Object.keys(route.errors ?? {})) s.add(Number(status));
  return [...s].sort();
}

function bodyOf(result: APIGatewayProxyStructuredResultV2): string | undefined {
  if (result.body === undefined) return undefined;
  if (!result.isBase64Encoded) return result.body;
  const raw = Buffer.from(result.body, 'base64');
  return result.headers?.['content-encoding'] === 'gzip'
    ? gunzipSync(raw).toString('utf8')
    : raw.toString('utf8');
}

/**
 * What is wrong with an answer against the route's contract (app/registry.ts and
 * shared/api/responses.ts), or undefined when nothing is. The local API gateway runs this on
 * every answer when CONTRACT_CHECK=1 and turns a violation into a 500 the test sees.
 */
export function contractViolation(fn: string, result: APIGatewayProxyStructuredResultV2): string | undefined {
  const route = (ROUTES as Record<string, RouteDef>)[fn];
  if (!route) return `no route ${fn}`;
  const status = result.statusCode ?? 200;
  const expected = statusesOf(route).get(status);
  if (!expected) return `${fn} answered ${status}, which its contract does not list`;
  const text = bodyOf(result);
  if (expected === 'none') return text ? `${fn} ${status} has a body; its contract has none` : undefined;
  if (expected === 'text') return typeof text === 'string' ? undefined : `${fn} ${status} has no text body`;
  if (text === undefined) return `${fn} ${status} has no body`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${fn} ${status} is not JSON`;
  }
  const parsed = expected.safeParse(json);
  if (parsed.success) return undefined;
  return `${fn} ${status}: ${parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ')}`;
}
