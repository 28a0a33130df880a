import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RedisClient } from '#shared/clients/redis.ts';

/** The scripts in lua/, by name. The key count comes from the file name (`holdSeats-11.lua`). */
export const SCRIPT_FILES = {
  holdSeats: 'holdSeats-11.lua',
  releaseHold: 'releaseHold-11.lua',
  warmupSession: 'warmupSession-10.lua',
  upgradePicks: 'upgradePicks-5.lua',
  restoreOrderHold: 'restoreOrderHold-3.lua',
  markHoldOrdered: 'markHoldOrdered-1.lua',
  unmarkHoldOrdered: 'unmarkHoldOrdered-1.lua',
  claimHoldForOrder: 'claimHoldForOrder-1.lua',
  setSaleWindow: 'setSaleWindow-1.lua',
  sessionEnded: 'sessionEnded-2.lua',
  sessionDataExpiry: 'sessionDataExpiry-12.lua',
  confirmSeats: 'confirmSeats-11.lua',
  refundSeats: 'refundSeats-8.lua',
  repairSeats: 'repairSeats-6.lua',
  joinWaitlist: 'joinWaitlist-3.lua',
  rateLimit: 'rateLimit-1.lua',
  checkBuyers: 'checkBuyers-1.lua',
  replaceBuyers: 'replaceBuyers-1.lua',
  countAttempt: 'countAttempt-1.lua',
  uncountAttempt: 'uncountAttempt-1.lua',
  reserveProgramSeats: 'reserveProgramSeats-1.lua',
  joinQueue: 'joinQueue-7.lua',
  queueStatus: 'queueStatus-7.lua',
  pumpQueue: 'pumpQueue-7.lua',
  finishAdmission: 'finishAdmission-7.lua',
  configureQueue: 'configureQueue-7.lua',
} as const;
export type ScriptName = keyof typeof SCRIPT_FILES;

export interface LoadedScript {
  name: ScriptName;
  numberOfKeys: number;
  lua: string;
  /** SHA-1 of the script text: what EVALSHA names it by (two versions never clash on one server). */
  sha: string;
}

function luaDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Source tree (shared/inventory -> lua), or a Lambda bundle with lua/ copied beside index.mjs.
  const candidates = [process.env.LUA_DIR, join(here, '..', '..', 'lua'), join(here, 'lua')];
  for (const dir of candidates) if (dir && existsSync(join(dir, SCRIPT_FILES.holdSeats))) return dir;
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
  for (const [name, file] of Object.entries(SCRIPT_FILES) as [ScriptName, string][]) {
    const keys = /-(\d+)\.lua$/.exec(file);
    if (!keys?.[1]) throw new Error(`Script file ${file} does not end in -<numKeys>.lua`);
    const lua = resolveIncludes(dir, readFileSync(join(dir, file), 'utf8'));
    const sha = createHash('sha1').update(lua).digest('hex');
    loaded.set(name, { name, numberOfKeys: Number(keys[1]), lua, sha });
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
 * command itself (issue 13's profile: the Pipeline constructor was the hottest frame).
 */
export async function runScript(
  client: RedisClient,
  name: ScriptName,
  keys: string[],
  args: (string | number)[],
): Promise<ScriptReply> {
  const script = loadScripts().get(name)!;
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
