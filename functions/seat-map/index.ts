import { gzipSync } from 'node:zlib';
import { ROUTES } from '#functions/routes.ts';
import { deps } from '#shared/app/container.ts';
import { seatMapOrLastGood } from '#shared/catalogue/seat-map.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(ROUTES['seat-map'], async (req) => {
  const { value: body, ageSeconds } = await seatMapOrLastGood(deps(), req.params.sessionId);
  const headers = {
    'cache-control': 'public, max-age=1',
    vary: 'accept-encoding',
    // A stored copy while Redis does not answer (docs/API.md, "Degraded answers").
    ...(ageSeconds === undefined ? {} : { 'x-data-age': String(ageSeconds) }),
  };
  // HTTP APIs do not compress: a 100,000-seat map gzips from ~100 KB to a few KB.
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    return {
      status: 200,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' },
      rawBase64: gzipSync(JSON.stringify(body)).toString('base64'),
    };
  }
  return { ...ok(body), headers };
});
