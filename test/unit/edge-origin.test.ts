import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ok } from '#platform/http/responses.ts';
import { httpHandler } from '#shared/app/http-handler.ts';

/** A route that answers with the source address the handler saw. */
const whoAmI = httpHandler({ auth: 'none', response: z.object({ ip: z.string() }) }, async (req) =>
  ok({ ip: req.sourceIp }),
);

const event = (headers: Record<string, string>): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'GET /who',
    rawPath: '/who',
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: '/who', sourceIp: '130.176.1.1' } },
  }) as unknown as APIGatewayProxyEventV2;

const call = async (headers: Record<string, string>) => {
  const res = (await whoAmI(event(headers), {} as Parameters<typeof whoAmI>[1])) as {
    statusCode: number;
    body: string;
  };
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
};

afterEach(() => {
  delete process.env.ORIGIN_VERIFY_SECRET;
});

describe('behind CloudFront (ORIGIN_VERIFY_SECRET set)', () => {
  it('serves only requests with CloudFront’s origin header, and sees the viewer’s address', async () => {
    process.env.ORIGIN_VERIFY_SECRET = 'the-origin-secret';
    const viaEdge = { 'x-origin-verify': 'the-origin-secret' };
    expect(await call({ ...viaEdge, 'cloudfront-viewer-address': '198.51.100.10:46532' })).toEqual({
      status: 200,
      body: { ip: '198.51.100.10' },
    });
    expect(
      (await call({ ...viaEdge, 'cloudfront-viewer-address': '2001:db8::8a2e:370:7334:46532' })).body,
    ).toEqual({
      ip: '2001:db8::8a2e:370:7334',
    });
    // No viewer address: API Gateway's own view.
    expect((await call(viaEdge)).body).toEqual({ ip: '130.176.1.1' });
    const wrong: Record<string, string>[] = [
      {},
      { 'x-origin-verify': 'guess' },
      { 'x-origin-verify': 'the-origin-secret!' },
    ];
    for (const headers of wrong) {
      const refused = await call({ ...headers, 'cloudfront-viewer-address': '203.0.113.9:1' });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
  });

  it('ignores a viewer-address header when not behind CloudFront (a client could send any)', async () => {
    expect((await call({ 'cloudfront-viewer-address': '203.0.113.9:1' })).body).toEqual({
      ip: '130.176.1.1',
    });
  });
});
