import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A route as the gateway sees it: method, path template, and the function behind it. */
export interface HttpRoute {
  method: string;
  path: string;
  fn: string;
}

interface CompiledRoute extends HttpRoute {
  pattern: RegExp;
  names: string[];
  handler: ApiHandler;
}

/** API Gateway's own limit is 10 MB; the handlers refuse far less. Stop reading past this. */
const MAX_READ_BYTES = 1024 * 1024;

const TEXT_TYPES = /^(application\/([\w.+-]*json|x-www-form-urlencoded|xml)|text\/)/i;

/** `/v1/holds/{holdId}` becomes /^\/v1\/holds\/([^/]+)$/ with names ['holdId']. */
function compile(route: HttpRoute, handler: ApiHandler): CompiledRoute {
  const names: string[] = [];
  const parts = route.path.split('/').map((part) => {
    const param = /^\{(\w+)\}$/.exec(part);
    if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    names.push(param[1]!);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${parts.join('/')}$`), names, handler };
}

export function lambdaContext(functionName: string): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 30_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_READ_BYTES) {
        resolve('too-large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId });
  res.end(JSON.stringify(body));
}

/** Builds the API Gateway HTTP API (payload 2.0) event for a request, as the real service does. */
export function toEvent(
  req: IncomingMessage,
  url: URL,
  route: CompiledRoute,
  params: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(route.names.length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

export interface ExtraRoute {
  method: string;
  pattern: RegExp;
  handle(req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, body: Buffer): Promise<void>;
}

/** The local stand-in for API Gateway: routes by the same table the CDK stack uses. */
export async function startApiGateway(options: {
  port: number;
  routes: { route: HttpRoute; handler: ApiHandler }[];
  extra?: ExtraRoute[];
}): Promise<{ server: Server; url: string }> {
  const compiled = options.routes.map(({ route, handler }) => compile(route, handler));
  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const body = await readBody(req);
      if (body === 'too-large') {
        return sendJson(
          res,
          413,
          { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The body is too large' } },
          requestId,
        );
      }
      for (const extra of options.extra ?? []) {
        const m = extra.pattern.exec(url.pathname);
        if (m && extra.method === method) return await extra.handle(req, res, m, body);
      }
      const matches = compiled.filter((r) => r.pattern.test(url.pathname));
      const route = matches.find((r) => r.method === method);
      if (!route) {
        return matches.length
          ? sendJson(
              res,
              405,
              {
                error: {
                  code: 'METHOD_NOT_ALLOWED',
                  message: `Use ${matches.map((r) => r.method).join(' or ')}`,
                },
              },
              requestId,
            )
          : sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'No such route' } }, requestId);
      }
      const m = route.pattern.exec(url.pathname)!;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      const result = await route.handler(toEvent(req, url, route, params, body), lambdaContext(route.fn));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(
        result.body === undefined
          ? undefined
          : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
      );
    } catch (err) {
      // Like API Gateway when the integration fails: a 500 with no internals.
      console.error('local api gateway: handler failed', err);
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'INTERNAL', message: 'Internal Server Error' } }, requestId);
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}
