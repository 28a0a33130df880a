/**
 * Builds the OpenAPI 3.1 document from the route table and the same zod schemas the
 * handlers validate requests with and build responses to (shared/api/schemas.ts,
 * shared/api/responses.ts), so the published contract cannot drift from the code.
 * `npm run openapi` writes docs/openapi.json and the typed client's types
 * (shared/api/openapi-types.ts, openapi-typescript); a test fails when either is out of date.
 */
import { writeFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ROUTES, type RouteDef } from '../app/registry.ts';
import { errorStatusesOf } from '../infra/local/contract-check.ts';
import { ErrorBody } from '../shared/api/responses.ts';

type Json = Record<string, unknown>;

const components: Record<string, Json> = {};

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect); schemas named with
 * `.meta({id})` go to components/schemas and are referenced. Response objects are strict in
 * the code (the contract check catches undocumented fields) but published open: clients must
 * ignore fields added later, so `additionalProperties: false` is left out of responses.
 */
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output' = 'input'): Json {
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json & { $defs?: Record<string, Json> };
  const fix = (j: Json): Json => {
    const text = JSON.stringify(j).replaceAll('"#/$defs/', '"#/components/schemas/');
    return io === 'output' ? open(JSON.parse(text) as Json) : (JSON.parse(text) as Json);
  };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] = fix(def);
  return fix(rest);
}

function open(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema), (k, v) =>
    k === 'additionalProperties' && v === false ? undefined : v,
  );
}

function parameters(schema: z.ZodMiniType | undefined, where: 'path' | 'query') {
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

const COMMON_ERRORS: Record<number, string> = {
  400: 'VALIDATION_FAILED (details.fields) or MALFORMED_JSON',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'UNAVAILABLE: a store did not answer; retry after retry-after seconds (nothing was done)',
};

function operation(fn: string, r: RouteDef) {
  const success = (status: number, description: string) =>
    r.response && status !== 304
      ? { description, content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } }
      : r.text
        ? { description, content: { 'text/plain': { schema: { type: 'string' } } } }
        : { description };
  const responses: Record<string, unknown> = { [String(r.success[0])]: success(...r.success) };
  for (const [status, description] of r.otherSuccess ?? [])
    responses[String(status)] = success(status, description);
  const bodyFields = r.body
    ? Object.keys((jsonSchema(r.body) as { properties?: object }).properties ?? {})
    : [];
  for (const status of errorStatusesOf(r)) {
    let description = r.errors?.[status] ?? COMMON_ERRORS[status] ?? '';
    if (status === 429 && r.rateLimit && !r.errors?.[429])
      description = `RATE_LIMITED (${r.rateLimit}); wait the seconds in retry-after`;
    responses[String(status)] = {
      description,
      ...(status === 429 || status === 503
        ? { headers: { 'retry-after': { schema: { type: 'integer', minimum: 1 } } } }
        : {}),
      ...errorRef,
    };
  }
  if (bodyFields.includes('captcha') && !responses['428']) {
    responses['428'] = {
      description: 'CAPTCHA_REQUIRED: solve GET /v1/captcha and send the solution as `captcha`',
      ...errorRef,
    };
  }
  const headers = Object.entries(r.headers ?? {}).map(([name, h]) => ({
    name,
    in: 'header',
    required: h.required,
    description: h.description,
    schema: { type: 'string' },
  }));
  return {
    operationId: fn,
    summary: r.summary,
    ...(r.auth === 'none'
      ? {}
      : { security: r.auth === 'optional' ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }] }),
    parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query'), ...headers],
    ...(r.body
      ? {
          requestBody: {
            required: !r.body.safeParse(undefined).success,
            content: { 'application/json': { schema: jsonSchema(r.body) } },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApi(): Json {
  for (const key of Object.keys(components)) delete components[key];
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [fn, route] of Object.entries(ROUTES) as [string, RouteDef][]) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(fn, route);
  }
  const error = jsonSchema(ErrorBody, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ticketing API',
      version: '1',
      description:
        'High-concurrency ticket booking. Money in integer cents, times ISO-8601 UTC. See docs/API.md. ' +
        'Clients must ignore response fields they do not know: fields are added without a new version.',
    },
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: Object.fromEntries(
        Object.entries({ ...components, Error: components.Error ?? error }).sort(([a], [b]) =>
          a.localeCompare(b),
        ),
      ),
    },
  };
}

export const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);
export const TYPES_FILE = new URL('../shared/api/openapi-types.ts', import.meta.url);
export const render = (): string => `${JSON.stringify(buildOpenApi(), null, 2)}\n`;

/** The client's types, as openapi-typescript makes them from the document. */
export async function renderTypes(document: string): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(document, { alphabetize: true });
  return `/**\n * Generated by \`npm run openapi\` (openapi-typescript) from docs/openapi.json. Do not edit.\n */\n${astToString(ast)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const doc = render();
  writeFileSync(OPENAPI_FILE, doc);
  writeFileSync(TYPES_FILE, await renderTypes(doc));
  console.log(`wrote ${OPENAPI_FILE.pathname} and ${TYPES_FILE.pathname}`);
}
