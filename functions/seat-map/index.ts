import { gzipSync } from 'node:zlib';
import { seatMapRoute } from '#functions/route-specs.ts';
import { etagOf, notModified } from '#platform/http/etag.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { seatMapOrLastGood } from '#shared/catalogue/seat-map.ts';

export const handler = httpHandler(seatMapRoute, async (req) => {
  const { value: body, ageSeconds } = await seatMapOrLastGood(coreDeps(), req.params.sessionId);
  const json = JSON.stringify(body);
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const etag = etagOf(json, gzip ? 'gzip' : 'identity');
  const headers = {
    'cache-control': 'public, max-age=1',
    vary: 'accept-encoding',
    etag,
    // A stored copy while Redis does not answer (docs/API.md, "Degraded answers").
    ...(ageSeconds === undefined ? {} : { 'x-data-age': String(ageSeconds) }),
  };
  // Apps poll the map during an on-sale: an unchanged map costs a 304 and no body.
  if (notModified(req.headers['if-none-match'], etag)) return { status: 304, headers };
  // HTTP APIs do not compress: a 100,000-seat map gzips from ~100 KB to a few KB.
  if (gzip) {
    return {
      status: 200,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' },
      rawBase64: gzipSync(json).toString('base64'),
    };
  }
  return {
    status: 200,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    text: json,
  };
});
