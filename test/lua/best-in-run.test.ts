import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis } from '../support/fixtures.ts';

const redis = testRedis();
afterAll(() => redis.quit());

/**
 * `bestInRun` (lua/includes/rowPicks.lua) scores every k of every run a hold, release or
 * confirmation touches. It answers most calls from the position nearest the row's middle
 * without trying the other candidates; this checks it against the plain four-candidate
 * search it replaced, on every run of rows up to 24 seats, every k, shallow and deep rows
 * (deep enough for the score's cap), inside Redis's own Lua.
 */
describe('bestInRun', () => {
  it('answers exactly as the four-candidate search, for every run, k and depth', async () => {
    const include = readFileSync('lua/includes/rowPicks.lua', 'utf8');
    const reference = `
local function reference(s, last, k, len, depth)
  local lo = math.floor((len + 2 - k) / 2)
  local dy2 = 16 * depth * depth
  local bestP, bestScore
  local prev = -1
  for q = lo - 1, lo + 2 do
    local p = q
    if p < s then p = s elseif p > last then p = last end
    if p ~= prev then
      prev = p
      local dx = 2 * p + k - len - 2
      local sc = dx * dx + dy2
      if sc >= PICK_ORPHAN then sc = PICK_ORPHAN - 1 end
      if p - s == 1 or last - p == 1 then sc = sc + PICK_ORPHAN end
      if not bestScore or sc < bestScore then bestP, bestScore = p, sc end
    end
  end
  return bestScore, bestP
end
local checked, wrong = 0, {}
for _, depth in ipairs({0, 1, 7, 990, 1023, 1030}) do
  for len = 1, 24 do
    for s = 1, len do
      for e = s + 1, len + 1 do
        for k = 1, e - s do
          local last = e - k
          local a, p = bestInRun(s, last, k, len, depth)
          local b, q = reference(s, last, k, len, depth)
          checked = checked + 1
          if (a ~= b or p ~= q) and #wrong < 5 then
            wrong[#wrong + 1] = table.concat({s, last, k, len, depth, a, p, b, q}, ',')
          end
        end
      end
    end
  end
end
return {checked, table.concat(wrong, ';')}`;
    const [checked, wrong] = (await redis.eval(`${include}\n${reference}`, 0)) as [number, string];
    expect(wrong).toBe('');
    expect(checked).toBeGreaterThan(10_000);
  });
});
