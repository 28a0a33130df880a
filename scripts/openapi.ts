/**
 * Builds the OpenAPI 3.1 document from the route table and the same zod schemas the
 * handlers validate with, so the published contract cannot drift from the checks.
 * `npm run openapi` writes docs/openapi.json; a test fails when it is out of date.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ROUTES, type RouteDef } from '../functions/routes.ts';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest; // OpenAPI 3.1's default dialect is already 2020-12
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const s = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: prop,
  }));
}

const errorRef = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

function operation(fn: string, r: RouteDef) {
  const responses: Record<string, unknown> = {
    [String(r.success[0])]: { description: r.success[1] },
    '400': { description: 'VALIDATION_FAILED or MALFORMED_JSON', ...errorRef },
    '404': { description: 'NOT_FOUND', ...errorRef },
  };
  if (r.auth !== 'none' && r.auth !== 'optional')
    responses['401'] = { description: 'UNAUTHENTICATED', ...errorRef };
  if (r.auth === 'admin' || r.auth === 'staff') responses['403'] = { description: 'FORBIDDEN', ...errorRef };
  if (r.body) responses['413'] = { description: 'PAYLOAD_TOO_LARGE', ...errorRef };
  const bodyFields = r.body
    ? Object.keys((jsonSchema(r.body) as { properties?: object }).properties ?? {})
    : [];
  if (bodyFields.includes('captcha')) {
    responses['428'] = {
      description: 'CAPTCHA_REQUIRED: solve GET /v1/captcha and send the solution as `captcha`',
      ...errorRef,
    };
  }
  if (r.rateLimit) {
    responses['429'] = {
      description: `RATE_LIMITED (${r.rateLimit}); wait the seconds in retry-after`,
      headers: { 'retry-after': { schema: { type: 'integer', minimum: 1 } } },
      ...errorRef,
    };
  }
  if (fn === 'holds-create') {
    responses['409'] = {
      description: 'SEAT_UNAVAILABLE, SOLD_OUT, NO_ADJACENT_SEATS, INVALID_STATE',
      ...errorRef,
    };
    responses['422'] = {
      description: 'PURCHASE_LIMIT_EXCEEDED, PRICE_MISMATCH, BUYER_COUNT_MISMATCH',
      ...errorRef,
    };
  }
  return {
    operationId: fn,
    summary: r.summary,
    ...(r.auth === 'none'
      ? {}
      : { security: r.auth === 'optional' ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }] }),
    parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
    ...(r.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } }
      : {}),
    responses,
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [fn, route] of Object.entries(ROUTES) as [string, RouteDef][]) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(fn, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ticketing API',
      version: '1',
      description:
        'High-concurrency ticket booking. Money in integer cents, times ISO-8601 UTC. See docs/API.md.',
    },
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                details: { type: 'object' },
              },
            },
          },
        },
      },
    },
  };
}

export const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);
export const render = (): string => `${JSON.stringify(buildOpenApi(), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, render());
  console.log(`wrote ${OPENAPI_FILE.pathname}`);
}
