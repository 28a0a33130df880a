import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { ExtraRoute } from './api-gateway.ts';

/** Where `npm run build:web` writes the reference web app (web/vite.config.ts). */
export const WEB_DIST = new URL('../../web/dist/', import.meta.url).pathname;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The web app at the runtime's root URL, as CloudFront serves it in AWS: files from the app's
 * build, hashed assets cached for a year, and every other path that is not the API's
 * (`/v1/*`, `/sandbox/*`, `/health`) answered with index.html so the app's own routes load.
 */
export function webAppRoute(dist = WEB_DIST): ExtraRoute {
  return {
    method: 'GET',
    pattern: /^\/(?!v1(\/|$)|sandbox(\/|$)|health$)(.*)$/,
    async handle(_req, res, match) {
      const wanted = normalize(`/${decodeURIComponent(match[3] ?? '')}`);
      const file = join(dist, wanted);
      const isFile = file.startsWith(dist) && (await stat(file).catch(() => undefined))?.isFile();
      if (!isFile && extname(wanted)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('not found');
        return;
      }
      const path = isFile ? file : join(dist, 'index.html');
      const body = await readFile(path).catch(() => undefined);
      if (!body) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The web app is not built: run `npm run build:web` (npm start does it).');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': wanted.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      res.end(body);
    },
  };
}
