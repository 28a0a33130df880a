import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, folderGraph, type ImportEdge, importGraph } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The product's source folders (tests, web and bench aside). */
const SOURCE = ['kernel', 'platform', 'features', 'app', 'shared', 'functions', 'infra', 'scripts'];

/**
 * The largest folder-level import cycle allowed today. Issue 28 moves the code into kernel/,
 * platform/ and features/ slice by slice and lowers this with each slice; its goal is 3.
 */
const LARGEST_FOLDER_CYCLE = 13;

const featureOf = (path: string) => /^features\/([^/]+)\//.exec(path)?.[1];

/** The layer rules of docs/ARCHITECTURE.md ("Layers"), one message per import that breaks one. */
function violations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  const say = (e: ImportEdge, rule: string) => out.push(`${e.from} imports ${e.specifier}: ${rule}`);
  for (const e of edges) {
    if (e.from.startsWith('kernel/') && !e.to.startsWith('kernel/'))
      say(e, 'kernel imports nothing above it');
    if (e.from.startsWith('platform/') && !/^(kernel|platform)\//.test(e.to))
      say(e, 'platform imports only the kernel');
    const from = featureOf(e.from);
    if (from === undefined) continue;
    const to = featureOf(e.to);
    if (to !== undefined && to !== from && e.to !== `features/${to}/index.ts`)
      say(e, `another feature only through features/${to}/index.ts`);
    if (/^(app|shared\/app|functions)\//.test(e.to)) say(e, 'a feature does not import the app');
  }
  return out;
}

describe('import rules', () => {
  const edges = importGraph(ROOT, SOURCE);

  it('reads the real graph (a broken reader would pass everything)', () => {
    expect(edges.length).toBeGreaterThan(800);
    expect(edges.some((e) => e.from.startsWith('platform/http/') && e.to.startsWith('kernel/'))).toBe(true);
  });

  it('holds on the repository', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('reports each kind of wrong import', () => {
    const edge = (from: string, to: string): ImportEdge => ({
      from,
      to,
      specifier: `#${to}`,
      typeOnly: false,
    });
    expect(
      violations([
        edge('kernel/ids.ts', 'platform/http/handler.ts'),
        edge('platform/http/handler.ts', 'shared/app/container.ts'),
        edge('features/vouchers/rules.ts', 'features/sessions/store.ts'),
        edge('features/vouchers/rules.ts', 'app/registry.ts'),
        // allowed: a feature's own files, another's index.ts, kernel and platform
        edge('features/vouchers/rules.ts', 'features/vouchers/schema.ts'),
        edge('features/vouchers/rules.ts', 'features/sessions/index.ts'),
        edge('features/vouchers/rules.ts', 'platform/http/responses.ts'),
      ]),
    ).toEqual([
      'kernel/ids.ts imports #platform/http/handler.ts: kernel imports nothing above it',
      'platform/http/handler.ts imports #shared/app/container.ts: platform imports only the kernel',
      'features/vouchers/rules.ts imports #features/sessions/store.ts: another feature only through features/sessions/index.ts',
      'features/vouchers/rules.ts imports #app/registry.ts: a feature does not import the app',
    ]);
  });

  it(`has no folder-level import cycle of more than ${LARGEST_FOLDER_CYCLE} folders`, () => {
    const found = cycles(folderGraph(edges));
    const largest = found[0] ?? [];
    expect(largest.length, `largest cycle: ${largest.join(' ')}`).toBeLessThanOrEqual(LARGEST_FOLDER_CYCLE);
    // a feature module is in no cycle with the code not yet moved into one (features/ stays out of the tangle)
    for (const c of found) {
      if (c.some((f) => f.startsWith('features/'))) {
        expect(
          c.some((f) => f.startsWith('shared/')),
          c.join(' '),
        ).toBe(false);
      }
    }
    // kernel and platform are in no cycle with the code above them
    for (const c of found) {
      if (c.some((f) => /^(kernel|platform)\b/.test(f))) {
        expect(
          c.every((f) => /^(kernel|platform)\b/.test(f)),
          c.join(' '),
        ).toBe(true);
      }
    }
  });
});
