--[[
  Row free-run index helpers (inlined by the loader).

  The runs index is one sorted set per session, all members at score 0, ordered
  lexically. A member "<tierId>|<k>|<rowIdx>|<start>|<len>" (k two digits, rowIdx six
  digits) exists exactly when the row's longest run of AVAILABLE seats is >= k, for k up
  to the session's per-order maximum. Auto-pick of N seats in a tier is one ZRANGEBYLEX
  on the prefix "<tierId>|<N>|": the best (lowest) row that can seat N together, with its
  position in the states string, without looking at any other row.
]]
local function longestFreeRun(rowStr, cap)
  local best = 0
  for run in string.gmatch(rowStr, '0+') do
    local n = #run
    if n > best then
      best = n
      if best >= cap then return cap end
    end
  end
  return best
end

local function runMember(tierId, k, rowIdx, start, len)
  return tierId .. '|' .. string.format('%02d|%06d|%d|%d', k, rowIdx, start, len)
end

-- Moves a row from oldRun to newRun in the index (only the members that change).
local function updateRowRuns(runsKey, tierId, rowIdx, start, len, oldRun, newRun)
  if newRun > oldRun then
    for k = oldRun + 1, newRun do redis.call('ZADD', runsKey, 0, runMember(tierId, k, rowIdx, start, len)) end
  elseif newRun < oldRun then
    for k = newRun + 1, oldRun do redis.call('ZREM', runsKey, runMember(tierId, k, rowIdx, start, len)) end
  end
end

-- Parses a rows-hash value "start,len,tierId".
local function parseRow(v)
  local s, l, t = string.match(v, '^(%d+),(%d+),(.+)$')
  return tonumber(s), tonumber(l), t
end

-- Replaces the 1-based positions [from, from + n - 1] of s with n copies of ch.
local function overwrite(s, from, n, ch)
  return string.sub(s, 1, from - 1) .. string.rep(ch, n) .. string.sub(s, from + n)
end
