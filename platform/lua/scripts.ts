import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RedisClient } from '#platform/clients/redis.ts';

/**
 * A script's name is its file's in lua/ without the key count: `holdSeats-11.lua` is
 * `holdSeats`, called with 11 keys. The loader lists the folder, so adding a script is adding
 * its file (test/unit/domain.test.ts checks that every name the code runs is there).
 */
export type ScriptName = string;

const SCRIPT_FILE = /^(\w+)-(\d+)\.lua$/;

export interface LoadedScript {
  name: ScriptName;
  numberOfKeys: number;
  lua: string;
  /** SHA-1 of the script text: what EVALSHA names it by (two versions never clash on one server). */
  sha: string;
}

function luaDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Source tree (platform/lua -> lua), or a Lambda bundle with lua/ copied beside index.mjs.
  const candidates = [process.env.LUA_DIR, join(here, '..', '..', 'lua'), join(here, 'lua')];
  for (const dir of candidates) if (dir && existsSync(join(dir, 'includes'))) return dir;
  throw new Error(`Lua scripts not found (looked in ${candidates.filter(Boolean).join(', ')})`);
}

const INCLUDE = /^--- @include "([\w/.-]+)"\s*$/gm;

/** Inlines `--- @include "includes/x"` lines (once each), as bullmq's loader does. */
function resolveIncludes(dir: string, source: string, seen = new Set<string>()): string {
  return source.replace(INCLUDE, (_line, name: string) => {
    if (seen.has(name)) return '';
    seen.add(name);
    return resolveIncludes(dir, readFileSync(join(dir, `${name}.lua`), 'utf8'), seen);
  });
}

let cache: Map<ScriptName, LoadedScript> | undefined;

export function loadScripts(): Map<ScriptName, LoadedScript> {
  if (cache) return cache;
  const dir = luaDir();
  const loaded = new Map<ScriptName, LoadedScript>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.lua')) continue;
    const m = SCRIPT_FILE.exec(file);
    if (!m?.[1] || !m[2]) throw new Error(`Script file ${file} is not named <name>-<numKeys>.lua`);
    const lua = resolveIncludes(dir, readFileSync(join(dir, file), 'utf8'));
    const sha = createHash('sha1').update(lua).digest('hex');
    loaded.set(m[1], { name: m[1], numberOfKeys: Number(m[2]), lua, sha });
  }
  cache = loaded;
  return loaded;
}

type ScriptReply = (string | number | null)[];

const isNoScript = (err: unknown): boolean => err instanceof Error && err.message.startsWith('NOSCRIPT');

/**
 * Calls a script by name: EVALSHA, and EVAL (which also caches it) when the server does not
 * know it yet (a new node, a failover, SCRIPT FLUSH). A script that was not found did nothing,
 * so the retry cannot run it twice.
 *
 * Not ioredis `defineCommand`: ioredis copies every defined script onto each (auto-)pipeline
 * it creates, and with two dozen scripts that copy cost the hold path more Node CPU than the
 * command itself (profiled: the Pipeline constructor was the hottest frame).
 */
export async function runScript(
  client: RedisClient,
  name: ScriptName,
  keys: string[],
  args: (string | number)[],
): Promise<ScriptReply> {
  const script = loadScripts().get(name);
  if (!script) throw new Error(`No Lua script ${name} in lua/`);
  if (keys.length !== script.numberOfKeys) {
    throw new Error(`${name} takes ${script.numberOfKeys} keys, got ${keys.length}`);
  }
  try {
    return (await client.evalsha(script.sha, keys.length, ...keys, ...args)) as ScriptReply;
  } catch (err) {
    if (!isNoScript(err)) throw err;
    return (await client.eval(script.lua, keys.length, ...keys, ...args)) as ScriptReply;
  }
}
