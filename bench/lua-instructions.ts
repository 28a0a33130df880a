/**
 * `npm run bench:lua-instructions`: instructions redis-server executes per hold, counted by
 * valgrind's callgrind. On these shared machines the time a hold takes in Redis moves by ±10 %
 * between runs of the same code, more than most changes to the hold script are worth; the
 * instruction count moves by well under 1 %. Use it to compare versions of the Lua scripts:
 * `LUA_DIR=/path/to/other/lua npm run bench:lua-instructions`.
 *
 * The same holds as the bench's `luaHoldRatio` phase (2 auto-picked seats, distinct users, the
 * 100,000-seat stadium, the expired-holds slowdown on), on a private redis-server run under
 * callgrind, counting only inside reading and running commands and writing their replies
 * (the event loop's idle turns and serverCron grow with wall time, not with holds: the
 * whole-process count once read 401,966 inside the full test suite, ~394,000 alone). Each run
 * counts after the warm-up (counters zeroed with
 * `callgrind_control -z`); two runs of N and 2N holds are subtracted, so what is printed is
 * the marginal cost of a hold, with the script's first load cancelled out. `CONCURRENCY`
 * (default 64) holds in flight. Needs valgrind (`apt-get install -y valgrind`); ~1 minute.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { startRedisServer } from '../infra/local/redis-server.ts';
import { stadium, TIER_WEIGHTS, TIERS } from './stadium.ts';

const N = Number(process.env.HOLDS ?? 1_500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, cmd)));
}

const layout = stadium('instr', 100, 50);

/** The i-th hold's tier: a fixed sequence with the bench's weights, so every run is the same. */
function tierOf(i: number): string {
  const r = ((i * 7919) % 1000) / 1000;
  let acc = 0;
  for (let t = 0; t < TIERS.length; t++) {
    acc += TIER_WEIGHTS[t]!;
    if (r < acc) return TIERS[t]!;
  }
  return TIERS[3]!;
}

/**
 * Instructions redis-server executed for `holds` holds after the warm-up, then for releasing
 * them: each phase dumped on its own (`callgrind_control -d`).
 */
async function countHolds(holds: number, dir: string): Promise<{ holds: number; releases: number }> {
  const out = join(dir, `callgrind.${holds}.out`);
  // -q: valgrind's banner would go to the test's stderr.
  const server = await startRedisServer({
    under: [
      'valgrind',
      '-q',
      '--tool=callgrind',
      // Only what a command costs: reading and running it, writing its reply. Not the event
      // loop's idle turns or serverCron, which grow with the wall time.
      '--toggle-collect=processInputBuffer',
      '--toggle-collect=writeToClient',
      `--callgrind-out-file=${out}`,
    ],
    readyTimeoutMs: 120_000,
  });
  try {
    const clients = Array.from({ length: 4 }, () => new Redis(server.url, { enableAutoPipelining: true }));
    const inventories = clients.map((c) => new RedisSeatInventory(c));
    await inventories[0]!.warmup({ layout, held: [], sold: [], force: true });
    const now = Date.now();
    const holdIdOf = (i: number) => `instr_${i.toString(16).padStart(12, '0')}`;
    const hold = (i: number) =>
      inventories[i % inventories.length]!.hold({
        sessionId: layout.sessionId,
        holdId: holdIdOf(i),
        userId: `u${i}`,
        nowMs: now,
        expiresAtMs: now + 600_000,
        buyerIds: ['b1', 'b2'],
        pick: { kind: 'auto', tierId: tierOf(i), count: 2 },
        slowdown: { afterExpired: 3, firstCooldownMs: 60_000 },
      });
    const release = (i: number) =>
      inventories[i % inventories.length]!.release(layout.sessionId, holdIdOf(i), {
        reason: 'RELEASED',
        requesterUserId: `u${i}`,
        nowMs: now,
      });
    /** Runs `step` for 0..holds-1, CONCURRENCY at a time; fails unless every one went through. */
    const phase = async (what: string, step: (i: number) => Promise<boolean>) => {
      let next = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < holds) if (!(await step(next++).catch(() => false))) failed++;
        }),
      );
      // A refusal is cheaper than the real thing: the count must be of ones that went through.
      if (failed > 0) throw new Error(`${failed} of ${holds} ${what} did not go through`);
    };
    // Both scripts loaded (compiled) outside the counts.
    await hold(holds);
    await release(holds);
    await run('callgrind_control', ['-z', String(server.pid)]);
    await phase('holds', async (i) => Boolean(await hold(i)));
    await run('callgrind_control', ['-d', String(server.pid)]);
    await phase('releases', async (i) => (await release(i)).kind === 'released');
    await run('callgrind_control', ['-d', String(server.pid)]);
    await Promise.all(clients.map((c) => c.quit()));
  } finally {
    await server.stop();
  }
  const totals = (file: string) => {
    const found = /^totals: (\d+)/m.exec(readFileSync(file, 'utf8'))?.[1];
    if (!found) throw new Error(`no totals in ${file}`);
    return Number(found);
  };
  // Part 1: from the zeroing to the first dump (the holds); part 2: the releases.
  return { holds: totals(`${out}.1`), releases: totals(`${out}.2`) };
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

if (!onPath('valgrind') || !onPath('callgrind_control')) {
  console.error('valgrind is not installed: apt-get install -y valgrind');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'lua-instructions-'));
try {
  const one = await countHolds(N, dir);
  const two = await countHolds(2 * N, dir);
  const perHold = Math.round((two.holds - one.holds) / N);
  const perRelease = Math.round((two.releases - one.releases) / N);
  console.log(
    JSON.stringify({ luaDir: process.env.LUA_DIR ?? 'lua/', holds: [N, 2 * N], perHold, perRelease }),
  );
  console.log(
    `redis-server instructions per hold: ${perHold.toLocaleString('en')}, per release: ${perRelease.toLocaleString('en')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
