--[[
  Row free-run index helpers (inlined by the loader).

  The runs index is one sorted set per session, all members at score 0, ordered
  lexically. A member "<tierId>|<k>|<rowIdx>" (k two digits, rowIdx six digits)
  exists exactly when the row's longest run of AVAILABLE seats is >= k, for k up
  to the session's per-order maximum. Auto-pick of N seats in a tier is then one
  ZRANGEBYLEX on the prefix "<tierId>|<N>|": the best (lowest) row that can seat
  N together, without looking at any other row.
]]
local function longestFreeRun(rowStr, cap)
  local best = 0
  for k = 1, cap do
    if string.find(rowStr, string.rep('0', k), 1, true) then best = k else break end
  end
  return best
end

local function runMember(tierId, k, rowIdx)
  return tierId .. '|' .. string.format('%02d', k) .. '|' .. string.format('%06d', rowIdx)
end

-- Moves a row from oldRun to newRun in the index (only the members that change).
local function updateRowRuns(runsKey, tierId, rowIdx, oldRun, newRun)
  if newRun > oldRun then
    for k = oldRun + 1, newRun do redis.call('ZADD', runsKey, 0, runMember(tierId, k, rowIdx)) end
  elseif newRun < oldRun then
    for k = newRun + 1, oldRun do redis.call('ZREM', runsKey, runMember(tierId, k, rowIdx)) end
  end
end

-- Parses a rows-hash value "start,len,tierId".
local function parseRow(v)
  local s, l, t = string.match(v, '^(%d+),(%d+),(.+)$')
  return tonumber(s), tonumber(l), t
end
