import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_FUNCTIONS, ROUTES, type RouteDef } from '#app/registry.ts';
import { contractViolation } from '../../infra/local/contract-check.ts';
import { entryPath, entrySource, staleEntries } from '../../scripts/function-entries.ts';
import { OPENAPI_FILE, render, renderTypes, TYPES_FILE } from '../../scripts/openapi.ts';

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

  it("keeps the feature routes' generated entries current (run `npm run functions`)", () => {
    expect(staleEntries()).toEqual([]);
    expect(readFileSync(entryPath('admin-vouchers-create'), 'utf8')).toBe(
      entrySource('admin-vouchers-create'),
    );
    expect(entrySource('admin-vouchers-list')).toContain(
      "import { adminVouchersList } from '#features/vouchers/routes.ts';",
    );
  });

  it('keeps docs/openapi.json equal to what the schemas generate (run `npm run openapi`)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(render());
  });

  it('keeps the typed client current: shared/api/openapi-types.ts is what openapi-typescript makes of it', async () => {
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(await renderTypes(render()));
  });

  it('gives every operation its success body schema and its error responses', () => {
    const doc = JSON.parse(render()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
    };
    for (const [fn, route] of Object.entries(ROUTES) as [string, RouteDef][]) {
      const op = doc.paths[route.path]![route.method.toLowerCase()]!;
      const ok = op.responses[String(route.success[0])]!;
      if (route.success[0] === 204) expect(ok.content, fn).toBeUndefined();
      else
        expect(Object.keys(ok.content ?? {}), fn).toEqual([route.text ? 'text/plain' : 'application/json']);
      const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400);
      expect(errors, fn).toEqual(expect.arrayContaining(['400', '404', '503']));
      for (const status of errors)
        expect(op.responses[status]!.content, `${fn} ${status}`).toEqual({
          'application/json': { schema: { $ref: '#/components/schemas/Error' } },
        });
    }
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

describe('docs/API.md examples', () => {
  it('every JSON example names the answer it shows and is valid against the contract', () => {
    const md = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
    const blocks = [...md.matchAll(/(?:<!-- contract: ([\w-]+) (\d{3}) -->\n)?```json\n([\s\S]*?)```/g)];
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const [, fn, status, text] of blocks) {
      expect(fn, `an example without a <!-- contract: fn status --> line:\n${text}`).toBeDefined();
      // A block is one JSON value, or one per line (several examples of the same answer).
      let values: unknown[];
      try {
        values = [JSON.parse(text!)];
      } catch {
        values = text!
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as unknown);
      }
      for (const v of values)
        expect(
          contractViolation(fn!, { statusCode: Number(status), body: JSON.stringify(v) }),
          fn,
        ).toBeUndefined();
    }
  });
});
