import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';

/** Runs `npm run bench:lua-instructions` at a small size, on the given scripts. */
async function count(luaDir: string): Promise<{ perHold: number; instructions: number[] }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'bench/lua-instructions.ts'],
    {
      env: { ...process.env, HOLDS: '200', LUA_DIR: luaDir },
      timeout: 120_000,
    },
  );
  return JSON.parse(stdout.split('\n').find((l) => l.startsWith('{'))!);
}

describe('npm run bench:lua-instructions', () => {
  it("counts the hold script's own instructions: a script that does more counts more", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lua-variant-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    // The same scripts, the hold doing 10,000 more loop steps per call.
    cpSync('lua', dir, { recursive: true });
    const hold = join(dir, 'holdSeats-11.lua');
    writeFileSync(
      hold,
      readFileSync(hold, 'utf8').replace(
        '-- All checks passed: write.',
        'local spin = 0\nfor i = 1, 10000 do spin = spin + i end\n-- All checks passed: write.',
      ),
    );
    const [ours, heavier] = [await count('lua'), await count(dir)];
    expect(ours.instructions[1]).toBeGreaterThan(ours.instructions[0]!);
    // A hold is a few hundred thousand instructions (427,000 when this was written).
    expect(ours.perHold).toBeGreaterThan(100_000);
    expect(ours.perHold).toBeLessThan(2_000_000);
    // Each loop step is a few VM instructions, each a few dozen machine ones.
    expect(heavier.perHold - ours.perHold).toBeGreaterThan(10_000 * 20);
  });
});
