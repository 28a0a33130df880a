import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The web app's initial JavaScript (the entry and every chunk it imports statically: what a
 * phone downloads before the first screen) stays under 150 KB gzipped. Screens other than
 * home load on first visit. Reads the build `npm test` makes (web/dist, Vite's manifest).
 */
const DIST = new URL('../../web/dist/', import.meta.url);
const BUDGET_BYTES = 150 * 1024;

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

function initialChunks(manifest: Record<string, Chunk>): string[] {
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) walk(i);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) walk(key);
  return [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
}

describe('web app bundle budget', () => {
  it('ships at most 150 KB of gzipped JavaScript before the first screen', () => {
    expect(existsSync(new URL('.vite/manifest.json', DIST)), 'run `npm run build:web` (npm test does)').toBe(
      true,
    );
    const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', DIST), 'utf8')) as Record<
      string,
      Chunk
    >;
    const files = initialChunks(manifest);
    const sizes = files.map(
      (f) => [f, gzipSync(readFileSync(new URL(f, DIST)), { level: 9 }).length] as const,
    );
    const total = sizes.reduce((n, [, b]) => n + b, 0);
    console.log(`web initial JS: ${(total / 1024).toFixed(1)} KB gzipped in ${files.length} files`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    // The seat map, the admin screens and the gate are not in it.
    const lazy = Object.values(manifest).filter((c) => /SessionPage|Admin|GatePage/.test(c.file));
    expect(lazy.length).toBeGreaterThanOrEqual(3);
    for (const c of lazy) expect(files).not.toContain(c.file);
  });
});
