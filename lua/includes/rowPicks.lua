--[[
  Row picks index (inlined by the loader): where auto-pick finds the best seats of a tier
  in O(log rows), never by scanning seats.

  One sorted set per session. For each row and each k in 1..cap (the session's per-order
  maximum) for which the row has k adjacent AVAILABLE seats, one member
      "<k, 2 digits>|<rowIdx, 6 digits>|<start>|<len>|<depth>"
  scored by the row's best placement of k seats (lower is better):
      score = (tierOrd * 100 + k) * PICK_BAND + orphan * PICK_ORPHAN + cost
  - tierOrd: the tier's position in the session's tier list, so each (tier, k) is one band of
    scores and a pick is one ZRANGEBYSCORE over it, LIMIT 1;
  - orphan: 1 when the placement leaves one single free seat between it and a taken seat or
    the row's end (a seat nobody buying two or more can use); any placement without one
    beats every placement with one;
  - cost = dx^2 + dy^2 in half-seat units, the squared distance from the section's focal
    point (the middle of its front row): dx from the placement's centre to the row's centre,
    dy = 4 * depth (depth = row number in the section - 1; a row is taken as two seat widths
    deep, so the middle of row 5 beats the far edge of row 1). Capped below PICK_ORPHAN.
  Ties: within a row the leftmost placement; across rows equal scores sort by member, so the
  lowest rowIdx (the organiser's section order, then the front) wins. Deterministic.

  Rows-hash values are "start,len,tierId,tierOrd,depth".
]]
local PICK_ORPHAN = 16777216 -- 2^24
local PICK_BAND = 33554432 -- 2^25

-- An integer as the string a command gets (scores, offsets, seat indexes, increments). A
-- number given to redis.call is formatted by Redis with "%.17g", and one made a string in Lua
-- with "%.14g": glibc's floating-point printf, ~2,600 instructions each, a tenth of a hold's
-- Redis time. '%d' takes printf's integer path (callgrind: a hold -6 %). Scores are integers
-- below 2^53 (at most ~7e10 here), so '%d' (a C long) writes them exactly.
local function istr(x)
  return string.format('%d', x)
end

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

-- Best placement of k seats in one free run: (score, p). Only s+1 and last-1 leave an
-- orphan, so the best is the position nearest the row's middle (lo or lo+1 on a half) or a
-- neighbour of it; the candidates are tried left to right, so ties keep the leftmost.
-- Inlined arithmetic, no table, no calls: this runs for every k of every run of every row a
-- script touches.
local function bestInRun(s, last, k, len, depth)
  local h = len + 2 - k
  local lo = (h - h % 2) / 2 -- floor(h / 2) without a call: this runs for every k of every run
  local dy2 = 16 * depth * depth
  -- Most calls end here: the position nearest the middle (lo, clamped into the run) beats the
  -- other three candidates below whenever it leaves no orphan and its score is not capped (it
  -- is strictly nearer than them, or ties lo + 1 and comes first), so it is their answer too.
  local p0 = lo
  if p0 < s then p0 = s elseif p0 > last then p0 = last end
  if p0 - s ~= 1 and last - p0 ~= 1 then
    local dx = 2 * p0 - h
    local sc = dx * dx + dy2
    if sc < PICK_ORPHAN - 1 then return sc, p0 end
  end
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

-- Best placement of k seats together in a row: (score, p), or nil when no run fits.
local function bestInRow(rowStr, k, len, depth)
  local bestScore, bestP
  for s, e in string.gmatch(rowStr, '()0+()') do
    local last = e - k
    if last >= s then
      local sc, p = bestInRun(s, last, k, len, depth)
      if not bestScore or sc < bestScore then bestScore, bestP = sc, p end
    end
  end
  return bestScore, bestP
end

-- k as two digits. (Not a table built up front: an include's top level runs on every call.)
local function kPrefix(k)
  if k <= 10 then return string.sub('01020304050607080910', 2 * k - 1, 2 * k) end
  return tostring(k)
end

-- A row's part of its members, built once per row and script call.
local function pickSuffix(rowIdx, start, len, depth)
  return string.format('|%06d|%d|%d|%d', rowIdx, start, len, depth)
end


-- Parses a picks member: rowIdx, start, len, depth, and the row's part of its members (the
-- suffix reindexRow writes, taken as it is instead of formatted again) and start as a string
-- (an offset GETRANGE and SETRANGE take as they are).
local function parsePickMember(m)
  local suffix, r, s, l, d = string.match(m, '^%d+(|(%d+)|(%d+)|(%d+)|(%d+))$')
  return tonumber(r), tonumber(s), tonumber(l), tonumber(d), suffix, s
end

-- Rewrites a row's members after its seats changed: a fresh score for every k it can still
-- seat together (one ZADD), removal of the ks it no longer can (one ZREM, only when needed).
-- row = {start, len, tierOrd, depth, suffix?}; oldMax = the row's longest free run before, capped.
local function reindexRow(picksKey, rowIdx, row, rowStr, cap, oldMax)
  -- best[j]: the row's best score for j seats together. Kept dense (and the ZADD arguments
  -- appended in order) so both stay in Lua's array part: filling every other slot first put
  -- them in the hash part, rehashed as it grew.
  local best = {}
  local len, depth = row.len, row.depth
  local k = 0
  for s, e in string.gmatch(rowStr, '()0+()') do
    local runLen = e - s
    if runLen > cap then runLen = cap end
    for j = 1, runLen do
      local sc = bestInRun(s, e - j, j, len, depth)
      if j > k then
        best[j] = sc
        k = j
      elseif sc < best[j] then
        best[j] = sc
      end
    end
  end
  local suffix = row.suffix or pickSuffix(rowIdx, row.start, len, depth)
  if k > 0 then
    local base = row.tierOrd * 100
    local args = {}
    for j = 1, k do
      args[2 * j - 1] = istr((base + j) * PICK_BAND + best[j])
      args[2 * j] = kPrefix(j) .. suffix
    end
    redis.call('ZADD', picksKey, unpack(args))
  end
  if oldMax > k then
    local rem = {}
    for j = k + 1, oldMax do rem[#rem + 1] = kPrefix(j) .. suffix end
    redis.call('ZREM', picksKey, unpack(rem))
  end
end

-- Parses a rows-hash value: start, len, tierId, tierOrd, depth.
local function parseRow(v)
  local s, l, t, o, d = string.match(v, '^(%d+),(%d+),([^,]+),(%d+),(%d+)$')
  return tonumber(s), tonumber(l), t, tonumber(o), tonumber(d)
end

-- Replaces the 1-based positions [from, from + n - 1] of s with n copies of ch.
local function overwrite(s, from, n, ch)
  return string.sub(s, 1, from - 1) .. string.rep(ch, n) .. string.sub(s, from + n)
end

-- Remembers a row, with its states before any write, the first time a script touches it.
local function touchRow(touched, order, statesKey, rowsKey, rowIdx)
  local row = touched[rowIdx]
  if row then return row end
  local s, l, t, o, d = parseRow(redis.call('HGET', rowsKey, rowIdx))
  row = { start = s, len = l, tier = t, tierOrd = o, depth = d, before = redis.call('GETRANGE', statesKey, istr(s), istr(s + l - 1)) }
  touched[rowIdx] = row
  order[#order + 1] = rowIdx
  return row
end

-- After the writes: re-scores each touched row in the picks index.
local function reindexTouchedRows(picksKey, statesKey, touched, order, cap)
  for _, r in ipairs(order) do
    local row = touched[r]
    local after = redis.call('GETRANGE', statesKey, istr(row.start), istr(row.start + row.len - 1))
    reindexRow(picksKey, r, row, after, cap, longestFreeRun(row.before, cap))
  end
end

-- Writes every row of a session (warmup, upgrade): its rows-hash value and its picks-index
-- members from the given states. rows: {{start, len, tierId, depth}, ...} (the layout's);
-- tierOrd: tierId -> position. perRow(tier, len, rowStr), when given, sees each row once.
local function writeRows(rowsKey, picksKey, rows, tierOrd, states, cap, perRow)
  local rowArgs = {}
  for i, r in ipairs(rows) do
    local rowIdx, start, len, tier, depth = i - 1, r[1], r[2], r[3], r[4]
    rowArgs[#rowArgs + 1] = rowIdx
    rowArgs[#rowArgs + 1] = start .. ',' .. len .. ',' .. tier .. ',' .. tierOrd[tier] .. ',' .. depth
    local str = string.sub(states, start + 1, start + len)
    if perRow then perRow(tier, len, str) end
    reindexRow(picksKey, rowIdx, { start = start, len = len, tierOrd = tierOrd[tier], depth = depth }, str, cap, 0)
    if #rowArgs >= 1000 then
      redis.call('HSET', rowsKey, unpack(rowArgs))
      rowArgs = {}
    end
  end
  if #rowArgs > 0 then redis.call('HSET', rowsKey, unpack(rowArgs)) end
end
