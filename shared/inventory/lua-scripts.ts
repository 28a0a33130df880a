import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RedisClient } from '#shared/clients/redis.ts';
import { unguarded } from '#shared/resilience/guarded-clients.ts';

/** The scripts in lua/, by name. The key count comes from the file name (`holdSeats-11.lua`). */
export const SCRIPT_FILES = {
  holdSeats: 'holdSeats-11.lua',
  releaseHold: 'releaseHold-11.lua',
  warmupSession: 'warmupSession-10.lua',
  restoreOrderHold: 'restoreOrderHold-3.lua',
  markHoldOrdered: 'markHoldOrdered-1.lua',
  unmarkHoldOrdered: 'unmarkHoldOrdered-1.lua',
  claimHoldForOrder: 'claimHoldForOrder-1.lua',
  setSaleWindow: 'setSaleWindow-1.lua',
  sessionEnded: 'sessionEnded-2.lua',
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
  /** Registered command name, `<name>:<content hash>`: two versions never clash on one server. */
  command: string;
  numberOfKeys: number;
  lua: string;
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
    const version = createHash('sha1').update(lua).digest('hex').slice(0, 8);
    loaded.set(name, { name, command: `${name}:${version}`, numberOfKeys: Number(keys[1]), lua });
  }
  cache = loaded;
  return loaded;
}

type ScriptReply = (string | number | null)[];
type ScriptFn = (...keysAndArgs: (string | number)[]) => Promise<ScriptReply>;

const registered = new WeakMap<object, Promise<void>>();
/** Clients whose registration has settled: calls go straight through (no extra await on the hot path). */
const ready = new WeakSet<object>();

/**
 * Registers every script on a client once. ioredis copies a client's scripts into each
 * (auto-)pipeline when the pipeline is created, so a command queued in the same tick as an
 * earlier one (say, an HMGET started alongside it) would join a pipeline that does not know
 * it: every caller waits for the next tick after registering, and gets a fresh pipeline.
 */
function ensureRegistered(client: RedisClient, scripts: Map<ScriptName, LoadedScript>): Promise<void> {
  let done = registered.get(client);
  if (!done) {
    for (const s of scripts.values())
      client.defineCommand(s.command, { numberOfKeys: s.numberOfKeys, lua: s.lua });
    done = new Promise((resolve) =>
      setImmediate(() => {
        ready.add(client);
        resolve();
      }),
    );
    registered.set(client, done);
  }
  return done;
}

/**
 * Calls a script by name on a client, registering all scripts on that client once
 * (ioredis defineCommand: EVALSHA with a NOSCRIPT fallback to EVAL).
 */
export async function runScript(
  client: RedisClient,
  name: ScriptName,
  keys: string[],
  args: (string | number)[],
): Promise<ScriptReply> {
  const scripts = loadScripts();
  // Registered on the client itself: a guarded proxy and the client behind it share the scripts.
  const base = unguarded(client);
  if (!ready.has(base)) await ensureRegistered(base, scripts);
  const script = scripts.get(name)!;
  if (keys.length !== script.numberOfKeys) {
    throw new Error(`${name} takes ${script.numberOfKeys} keys, got ${keys.length}`);
  }
  const fn = (client as unknown as Record<string, ScriptFn>)[script.command]!;
  return fn.call(client, ...keys, ...args);
}
