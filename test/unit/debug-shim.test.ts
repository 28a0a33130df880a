import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** What the bundles have for `debug` (infra/constructs/bundling.ts aliases it). */
type Debug = ((...args: unknown[]) => void) & {
  enabled: boolean;
  namespace: string;
  log: (line: string) => void;
};
const createDebug = createRequire(import.meta.url)('../../infra/constructs/shims/debug.cjs') as ((
  namespace: string,
) => Debug) & { default: (namespace: string) => Debug };

const saved = process.env.DEBUG;
afterEach(() => {
  if (saved === undefined) delete process.env.DEBUG;
  else process.env.DEBUG = saved;
  vi.restoreAllMocks();
});

describe('the debug shim', () => {
  it('is off without DEBUG, and prints nothing', () => {
    delete process.env.DEBUG;
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const debug = createDebug('ioredis:redis');
    expect(debug.enabled).toBe(false);
    debug('status %s', 'ready');
    expect(write).not.toHaveBeenCalled();
  });

  it('keeps DEBUG patterns: wildcards, lists, exclusions', () => {
    process.env.DEBUG = 'ioredis:*,-ioredis:cluster opensearch';
    expect(createDebug('ioredis:redis').enabled).toBe(true);
    expect(createDebug('ioredis:cluster').enabled).toBe(false);
    expect(createDebug('opensearch').enabled).toBe(true);
    expect(createDebug('opensearch:x').enabled).toBe(false);
    process.env.DEBUG = '*';
    expect(createDebug('anything').enabled).toBe(true);
  });

  it('prints formatted lines to stderr, as ioredis calls it (through `.default`)', () => {
    process.env.DEBUG = 'ioredis:*';
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    createDebug.default('ioredis:redis')('status[%s]: %s -> %s', '127.0.0.1:6379', 'connecting', 'connect');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ ioredis:redis status\[127\.0\.0\.1:6379\]: connecting -> connect\n$/);
  });
});
