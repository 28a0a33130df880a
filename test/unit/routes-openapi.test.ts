import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#functions/routes.ts';
import { BACKGROUND_FUNCTIONS } from '#functions/triggers.ts';
import { OPENAPI_FILE, render } from '../../scripts/openapi.ts';

describe('route table and OpenAPI document', () => {
  it('has a function folder with a handler for every route and background function', async () => {
    for (const fn of [...Object.keys(ROUTES), ...BACKGROUND_FUNCTIONS]) {
      const file = new URL(`../../functions/${fn}/index.ts`, import.meta.url);
      expect(existsSync(file), fn).toBe(true);
      const mod = (await import(file.href)) as { handler?: unknown };
      expect(typeof mod.handler, fn).toBe('function');
    }
    // ...and no function folder that nothing starts (a job must be declared in triggers.ts).
    const folders = readdirSync(new URL('../../functions/', import.meta.url), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.sort()).toEqual([...Object.keys(ROUTES), ...BACKGROUND_FUNCTIONS].sort());
  });

  it('keeps docs/openapi.json equal to what the schemas generate (run `npm run openapi`)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(render());
  });

  it('documents every route with its method, auth and request body', () => {
    const doc = JSON.parse(render()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown; requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of Object.values(ROUTES)) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op!.security === undefined, route.path).toBe(route.auth === 'none');
      expect(op!.requestBody !== undefined, route.path).toBe('body' in route);
    }
  });
});
