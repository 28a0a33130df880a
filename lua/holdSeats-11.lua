--[[
  Holds seats for one user, atomically: every check runs first, then every write,
  so a failed check writes nothing.

  Input:
    KEYS[1] meta    hash   status, saleOpensAt (ms), saleClosesAt (ms), maxPerOrder, realName ('ONE_PER_ID' or
                           absent), p:<tier> price cents, l:<tier> per-user limit,
                           n:<tier> seats in the tier, o:<tier> the tier's position (picks index band),
                           ul per-user limit over all the session's tiers (absent: none)
    KEYS[2] states  string one byte per seat, row-major: '0' AVAILABLE, '1' HELD, '2' SOLD
    KEYS[3] rows    hash   rowIdx -> "start,len,tierId,tierOrd,depth"
    KEYS[4] picks   zset   each row's best placement of k seats, scored (see includes/rowPicks)
    KEYS[5] counts  hash   a:<tier> available, s:<tier> sold (held = n - a - s)
    KEYS[6] owners  hash   seatIdx -> holdId, for HELD seats
    KEYS[7] expiry  zset   holdId scored by expiresAt ms (the sweeper's index)
    KEYS[8] limits  hash   "<userId>|<tier>" -> seats this user holds or bought in this session,
                           "<userId>|*" -> the same over all tiers (sessions with ul)
    KEYS[9] hold    hash   the hold record to create
    KEYS[10] ids    hash   idHash -> holdId: the id numbers on held, ordered or sold seats
                           (ONE_PER_ID sessions)
    KEYS[11] strikes hash  "n|<userId>" holds of this user that expired unpaid,
                           "t|<userId>" when the last one expired (ms)

    ARGV[1] now, ms since epoch
    ARGV[2] holdId
    ARGV[3] userId
    ARGV[4] expiresAt, ms
    ARGV[5] expected total cents, or -1 when the client sent none
    ARGV[6] mode: 'S' named seats, 'A' the best `count` seats together, 'B' best available:
            together when any row can take them, else across rows in the fewest groups
    ARGV[7] tierId (modes A, B)
    ARGV[8] seat count (modes A, B)
    ARGV[9] buyerIds, comma-separated, stored on the hold
    ARGV[10] id hashes of the buyers, comma-separated, in buyer order ('' unless ONE_PER_ID)
    ARGV[11] expired holds after which the user is slowed down (0: never)
    ARGV[12] the first cooldown, ms; it doubles with each further expired hold, up to 16x
    ARGV[13..] mode S: pairs seatIdx, rowIdx

  Output:
     {0, seatIdxCsv, rowIdxCsv, totalCents}  seats held
    {-1, status}          session not on sale ('' when not loaded)
    {-2, saleOpensAt}     sale has not started
    {-15, saleClosesAt}   sale has ended (its closing time has passed)
    {-3, seatIdx}         seat does not exist, is not in the given row, or is repeated
    {-4, seatIdxCsv}      seats not available
    {-5, remaining}       tier has fewer seats left than asked
    {-6}                  no row of the tier has that many adjacent available seats (mode A)
    {-7, maxPerOrder}     more seats than one order may take
    {-8, tierId, limit, current}  per-user-per-session limit of the tier ('*': over all the session's tiers)
    {-9, totalCents}      expected total does not match the price
    {-10}                 holdId already used
    {-11, tierId}         unknown tier
    {-12, positionsCsv}   ONE_PER_ID: these buyers' (1-based positions) id numbers are already
                          on a seat of the session, or twice in this request
    {-13, retryAfterMs}   the user's holds kept expiring unpaid: wait before holding again
    {-14}                 ONE_PER_ID session, but no id hash for every buyer

  Cost: O(seats in the touched rows), never O(seats in the session): a pick together reads
  one index entry (O(log rows)) and one row; across rows, at most `count` entries of each
  band below `count`, and their rows.
]]
--- @include "includes/rowPicks"

local holdId = ARGV[2]
local userId = ARGV[3]
local mode = ARGV[6]
local autoTier = ARGV[7]
local FIRST_SEAT_ARG = 13

-- A seat count as a string: one byte, without printf, for the usual single digit.
local function countStr(n)
  if n >= 0 and n <= 9 then return string.char(48 + n) end
  return istr(n)
end

-- One read for the session state and, in auto mode, the tier's price and limit.
local meta = redis.call('HMGET', KEYS[1], 'status', 'saleOpensAt', 'maxPerOrder', 'p:' .. autoTier, 'l:' .. autoTier, 'realName', 'saleClosesAt', 'o:' .. autoTier, 'ul')
if meta[1] ~= 'ON_SALE' then return {-1, meta[1] or ''} end
local now = tonumber(ARGV[1])
if now < tonumber(meta[2]) then return {-2, meta[2]} end
if meta[7] and now >= tonumber(meta[7]) then return {-15, meta[7]} end
local maxPerOrder = tonumber(meta[3])
if redis.call('EXISTS', KEYS[9]) == 1 then return {-10} end

-- A user whose holds keep expiring unpaid waits a while (blocking a tier by hold-and-expire).
-- Numbers are parsed only for a user who has strikes (most have none): a tonumber is
-- ~2,000 instructions here (glibc's strtod).
if ARGV[11] ~= '0' then
  local strikes = redis.call('HMGET', KEYS[11], 'n|' .. userId, 't|' .. userId)
  local n = strikes[1] and tonumber(strikes[1])
  local strikeLimit = n and tonumber(ARGV[11])
  if n and strikeLimit > 0 and n >= strikeLimit then
    local wait = tonumber(ARGV[12]) * 2 ^ math.min(n - strikeLimit, 4)
    local waitUntil = tonumber(strikes[2]) + wait
    if now < waitUntil then return {-13, waitUntil - now} end
  end
end

-- ONE_PER_ID: an id number on at most one held, ordered or sold seat of the session.
local idHashes = {}
if meta[6] == 'ONE_PER_ID' then
  for h in string.gmatch(ARGV[10], '[^,]+') do idHashes[#idHashes + 1] = h end
  local buyers = 0
  for _ in string.gmatch(ARGV[9], '[^,]+') do buyers = buyers + 1 end
  if #idHashes ~= buyers then return {-14} end
  local taken, seen = {}, {}
  for i = 1, #idHashes do
    local h = idHashes[i]
    if seen[h] or redis.call('HEXISTS', KEYS[10], h) == 1 then taken[#taken + 1] = i end
    seen[h] = true
  end
  if #taken > 0 then return {-12, table.concat(taken, ',')} end
end

-- Loops over arrays are numeric `for`, not `ipairs`, which calls a C iterator per element
-- (bench:lua-instructions: -1.3 % a hold).
local seats = {}    -- seat indexes to hold, in order
local seatRow = {}  -- seatIdx -> rowIdx
local rows = {}     -- rowIdx -> {start, len, tier, tierOrd, depth, str = states before, after}
local rowOrder = {}

local function addRow(rowIdx, start, len, tier, tierOrd, depth, str, suffix, startStr)
  rows[rowIdx] = { start = start, len = len, tier = tier, tierOrd = tierOrd, depth = depth, str = str, after = str, suffix = suffix, startStr = startStr }
  rowOrder[#rowOrder + 1] = rowIdx
  return rows[rowIdx]
end

local tierPrice, tierLimit = {}, {}

if mode == 'S' then
  local n = (#ARGV - FIRST_SEAT_ARG + 1) / 2
  if n > maxPerOrder then return {-7, maxPerOrder} end
  local unavailable = {}
  for i = 0, n - 1 do
    local seatIdx = tonumber(ARGV[FIRST_SEAT_ARG + 2 * i])
    local rowIdx = tonumber(ARGV[FIRST_SEAT_ARG + 1 + 2 * i])
    local row = rows[rowIdx]
    if not row then
      local v = redis.call('HGET', KEYS[3], rowIdx)
      if v then
        local s, l, t, o, d = parseRow(v)
        row = addRow(rowIdx, s, l, t, o, d, redis.call('GETRANGE', KEYS[2], istr(s), istr(s + l - 1)))
      end
    end
    if not row or seatIdx < row.start or seatIdx >= row.start + row.len or seatRow[seatIdx] then
      return {-3, seatIdx}
    end
    seatRow[seatIdx] = rowIdx
    seats[#seats + 1] = seatIdx
    local off = seatIdx - row.start + 1
    if string.byte(row.str, off) ~= 48 then unavailable[#unavailable + 1] = seatIdx end -- 48 = '0'
    row.after = overwrite(row.after, off, 1, '1')
  end
  if #unavailable > 0 then return {-4, table.concat(unavailable, ',')} end
else
  local count = tonumber(ARGV[8])
  if count > maxPerOrder then return {-7, maxPerOrder} end
  if not meta[4] then return {-11, autoTier} end
  tierPrice[autoTier], tierLimit[autoTier] = tonumber(meta[4]), tonumber(meta[5])
  local tierOrd = tonumber(meta[8])
  local tierBase = tierOrd * 100
  -- The best row of the tier for `count` together: the first member of its score band.
  local band = (tierBase + count) * PICK_BAND
  local found = redis.call('ZRANGEBYSCORE', KEYS[4], istr(band), '(' .. istr(band + PICK_BAND), 'LIMIT', '0', '1')
  if #found > 0 then
    local rowIdx, start, len, depth, suffix, startStr = parsePickMember(found[1])
    local row = addRow(rowIdx, start, len, autoTier, tierOrd, depth, redis.call('GETRANGE', KEYS[2], startStr, istr(start + len - 1)), suffix, startStr)
    local _, p = bestInRow(row.str, count, len, depth)
    if not p then return {-6} end -- index said yes, row says no: refuse rather than guess
    row.after = overwrite(row.str, p, count, '1')
    for i = 0, count - 1 do
      seats[#seats + 1] = start + p - 1 + i
      seatRow[start + p - 1 + i] = rowIdx
    end
  else
    -- Only on failure: tell "sold out" from "seats left, but not together".
    local remaining = tonumber(redis.call('HGET', KEYS[5], 'a:' .. autoTier) or '0')
    if remaining < count then return {-5, remaining} end
    if mode ~= 'B' then return {-6} end
    -- Best available across rows: the fewest groups, each placed best. Candidates: the best
    -- `count` rows of each band below `count` (enough to hold the `count` longest runs).
    for j = count - 1, 1, -1 do
      local b = (tierBase + j) * PICK_BAND
      for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], istr(b), '(' .. istr(b + PICK_BAND), 'LIMIT', '0', istr(count))) do
        local rowIdx, start, len, depth, suffix, startStr = parsePickMember(m)
        if not rows[rowIdx] then
          addRow(rowIdx, start, len, autoTier, tierOrd, depth, redis.call('GETRANGE', KEYS[2], startStr, istr(start + len - 1)), suffix, startStr)
        end
      end
    end
    local need = count
    while need > 0 do
      -- The rest fits together somewhere: its best placement ends the search.
      local bestRow, bestP, bestScore, bestLen
      for j = 1, #rowOrder do
        local r = rowOrder[j]
        local row = rows[r]
        local sc, p = bestInRow(row.after, need, row.len, row.depth)
        if sc and (not bestScore or sc < bestScore) then bestRow, bestP, bestScore, bestLen = r, p, sc, need end
      end
      if not bestRow then
        -- Otherwise the longest run (taken whole, so it leaves no orphan), the best placed one on ties.
        for j = 1, #rowOrder do
          local r = rowOrder[j]
          local row = rows[r]
          for s, e in string.gmatch(row.after, '()0+()') do
            local l = e - s
            local sc = bestInRun(s, s, l, row.len, row.depth) -- the whole run: no gap, no orphan
            if not bestLen or l > bestLen or (l == bestLen and sc < bestScore) then
              bestRow, bestP, bestScore, bestLen = r, s, sc, l
            end
          end
        end
        if not bestRow then return {-6} end -- counter said yes, index says no: refuse
      end
      local row = rows[bestRow]
      row.after = overwrite(row.after, bestP, bestLen, '1')
      for i = 0, bestLen - 1 do
        seats[#seats + 1] = row.start + bestP - 1 + i
        seatRow[row.start + bestP - 1 + i] = bestRow
      end
      need = need - bestLen
    end
  end
end

-- Prices and per-user limits, per tier.
local perTier, tierOrder, seatTiers = {}, {}, {}
for i = 1, #seats do
  local s = seats[i]
  local t = rows[seatRow[s]].tier
  if not perTier[t] then
    perTier[t] = 0
    tierOrder[#tierOrder + 1] = t
  end
  perTier[t] = perTier[t] + 1
  seatTiers[i] = t
end
-- One show's limit over all its tiers (a user cannot take the limit in every tier): the
-- count over all tiers is raised first (one command, no read), and taken back if this or any
-- later check refuses the hold. A user with nothing else in the show (the usual first hold)
-- cannot be over a tier's limit from before, so their tier counts are not read.
local seatCount = countStr(#seats)
local raisedAll, firstInShow = false, false
if meta[9] then
  local all = redis.call('HINCRBY', KEYS[8], userId .. '|*', seatCount)
  local sessionLimit = tonumber(meta[9])
  if all > sessionLimit then
    redis.call('HINCRBY', KEYS[8], userId .. '|*', '-' .. seatCount)
    return {-8, '*', sessionLimit, all - #seats}
  end
  raisedAll, firstInShow = true, all == #seats
end
local function refuse(reply)
  if raisedAll then redis.call('HINCRBY', KEYS[8], userId .. '|*', '-' .. seatCount) end
  return reply
end

local total = 0
for j = 1, #tierOrder do
  local t = tierOrder[j]
  if not tierPrice[t] then
    local pl = redis.call('HMGET', KEYS[1], 'p:' .. t, 'l:' .. t)
    if not pl[1] then return refuse({-11, t}) end
    tierPrice[t], tierLimit[t] = tonumber(pl[1]), tonumber(pl[2])
  end
  total = total + tierPrice[t] * perTier[t]
  local current = 0
  if not firstInShow then
    local held = redis.call('HGET', KEYS[8], userId .. '|' .. t)
    -- No count yet is 0: no number parsed.
    if held then current = tonumber(held) end
  end
  if current + perTier[t] > tierLimit[t] then return refuse({-8, t, tierLimit[t], current}) end
end
if ARGV[5] ~= '-1' then -- the usual case sends none: nothing to parse
  local expected = tonumber(ARGV[5])
  if expected >= 0 and expected ~= total then return refuse({-9, total}) end
end

-- All checks passed: write.
local ownerArgs, seatStrs, seatRows = {}, {}, {}
for i = 1, #seats do
  local s = seats[i]
  local str = istr(s)
  seatStrs[i] = str
  ownerArgs[#ownerArgs + 1] = str
  ownerArgs[#ownerArgs + 1] = holdId
  -- The row's index as a string once per row, not per seat.
  local row = rows[seatRow[s]]
  local rowStr = row.idxStr
  if not rowStr then
    rowStr = istr(seatRow[s])
    row.idxStr = rowStr
  end
  seatRows[i] = rowStr
end
for j = 1, #rowOrder do
  local r = rowOrder[j]
  local row = rows[r]
  -- One write per touched row (a best-available search may have looked at rows it did not use).
  if row.after ~= row.str then
    redis.call('SETRANGE', KEYS[2], row.startStr or istr(row.start), row.after)
    reindexRow(KEYS[4], r, row, row.after, maxPerOrder, longestFreeRun(row.str, maxPerOrder))
  end
end
redis.call('HSET', KEYS[6], unpack(ownerArgs))
for j = 1, #tierOrder do
  local t = tierOrder[j]
  local n = countStr(perTier[t])
  redis.call('HINCRBY', KEYS[5], 'a:' .. t, '-' .. n)
  redis.call('HINCRBY', KEYS[8], userId .. '|' .. t, n)
end

local seatCsv = table.concat(seatStrs, ',')
local rowCsv = table.concat(seatRows, ',')
redis.call('HSET', KEYS[9],
  'userId', userId, 'status', 'ACTIVE', 'seats', seatCsv, 'rows', rowCsv,
  'tiers', table.concat(seatTiers, ','), 'totalCents', istr(total), 'buyerIds', ARGV[9],
  'createdAt', ARGV[1], 'expiresAt', ARGV[4])
if #idHashes > 0 then
  local idArgs = {}
  for j = 1, #idHashes do
    local h = idHashes[j]
    idArgs[#idArgs + 1] = h
    idArgs[#idArgs + 1] = holdId
  end
  redis.call('HSET', KEYS[10], unpack(idArgs))
  redis.call('HSET', KEYS[9], 'idHashes', ARGV[10])
end
redis.call('ZADD', KEYS[7], ARGV[4], holdId)
return {0, seatCsv, rowCsv, total}
