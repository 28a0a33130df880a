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
  -- Most rows have a run of `cap` free seats somewhere: one plain find, no substrings.
  if string.find(rowStr, string.rep('0', cap), 1, true) then return cap end
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

-- Remembers a row, with its states before any write, the first time a script touches it.
local function touchRow(touched, order, statesKey, rowsKey, rowIdx)
  local row = touched[rowIdx]
  if row then return row end
  local s, l, t = parseRow(redis.call('HGET', rowsKey, rowIdx))
  row = { start = s, len = l, tier = t, before = redis.call('GETRANGE', statesKey, s, s + l - 1) }
  touched[rowIdx] = row
  order[#order + 1] = rowIdx
  return row
end

-- After the writes: moves each touched row in the runs index from its old longest run to its new one.
local function reindexTouchedRows(runsKey, statesKey, touched, order, cap)
  for _, r in ipairs(order) do
    local row = touched[r]
    local after = redis.call('GETRANGE', statesKey, row.start, row.start + row.len - 1)
    updateRowRuns(runsKey, row.tier, r, row.start, row.len, longestFreeRun(row.before, cap), longestFreeRun(after, cap))
  end
end
