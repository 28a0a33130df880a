--[[
  Holds seats for one user, atomically: every check runs first, then every write,
  so a failed check writes nothing.

  Input:
    KEYS[1] meta    hash   status, saleOpensAt (ms), maxPerOrder, p:<tier> price cents, l:<tier> per-user limit
    KEYS[2] states  string one byte per seat, row-major: '0' AVAILABLE, '1' HELD, '2' SOLD
    KEYS[3] rows    hash   rowIdx -> "start,len,tierId"
    KEYS[4] runs    zset   row free-run index (see includes/rowRuns)
    KEYS[5] counts  hash   a:<tier> available, h:<tier> held, s:<tier> sold
    KEYS[6] owners  hash   seatIdx -> holdId, for HELD seats
    KEYS[7] expiry  zset   holdId scored by expiresAt ms (the sweeper's index)
    KEYS[8] limits  hash   "<userId>|<tier>" -> seats this user holds or bought in this session
    KEYS[9] hold    hash   the hold record to create

    ARGV[1] now, ms since epoch
    ARGV[2] holdId
    ARGV[3] userId
    ARGV[4] expiresAt, ms
    ARGV[5] expected total cents, or -1 when the client sent none
    ARGV[6] mode: 'S' named seats, 'A' auto-pick
    ARGV[7] tierId (mode A)
    ARGV[8] seat count (mode A)
    ARGV[9] buyerIds, comma-separated, stored on the hold
    ARGV[10..] mode S: pairs seatIdx, rowIdx

  Output:
     {0, seatIdxCsv, rowIdxCsv, totalCents}  seats held
    {-1, status}          session not on sale ('' when not loaded)
    {-2, saleOpensAt}     sale has not started
    {-3, seatIdx}         seat does not exist, is not in the given row, or is repeated
    {-4, seatIdxCsv}      seats not available
    {-5, remaining}       tier has fewer seats left than asked
    {-6}                  no row of the tier has that many adjacent available seats
    {-7, maxPerOrder}     more seats than one order may take
    {-8, tierId, limit, current}  per-user-per-session limit of the tier
    {-9, totalCents}      expected total does not match the price
    {-10}                 holdId already used
    {-11, tierId}         unknown tier
]]
--- @include "includes/rowRuns"

local now = tonumber(ARGV[1])
local holdId = ARGV[2]
local userId = ARGV[3]
local expiresAt = ARGV[4]
local expected = tonumber(ARGV[5])
local mode = ARGV[6]

local meta = redis.call('HMGET', KEYS[1], 'status', 'saleOpensAt', 'maxPerOrder')
if meta[1] ~= 'ON_SALE' then return {-1, meta[1] or ''} end
if now < tonumber(meta[2]) then return {-2, meta[2]} end
local maxPerOrder = tonumber(meta[3])
if redis.call('EXISTS', KEYS[9]) == 1 then return {-10} end

local seats = {}    -- seat indexes to hold, in order
local seatRow = {}  -- seatIdx -> rowIdx
local rowInfo = {}  -- rowIdx -> {start, len, tier, str (row states before the hold)}
local rowOrder = {}

local function loadRow(rowIdx)
  local info = rowInfo[rowIdx]
  if info then return info end
  local v = redis.call('HGET', KEYS[3], rowIdx)
  if not v then return nil end
  local s, l, t = parseRow(v)
  info = { start = s, len = l, tier = t, str = redis.call('GETRANGE', KEYS[2], s, s + l - 1) }
  rowInfo[rowIdx] = info
  rowOrder[#rowOrder + 1] = rowIdx
  return info
end

if mode == 'S' then
  local n = (#ARGV - 9) / 2
  if n > maxPerOrder then return {-7, maxPerOrder} end
  local unavailable = {}
  for i = 0, n - 1 do
    local seatIdx = tonumber(ARGV[10 + 2 * i])
    local rowIdx = tonumber(ARGV[11 + 2 * i])
    local row = loadRow(rowIdx)
    if not row or seatIdx < row.start or seatIdx >= row.start + row.len or seatRow[seatIdx] then
      return {-3, seatIdx}
    end
    seatRow[seatIdx] = rowIdx
    seats[#seats + 1] = seatIdx
    local off = seatIdx - row.start + 1
    if string.sub(row.str, off, off) ~= '0' then unavailable[#unavailable + 1] = seatIdx end
  end
  if #unavailable > 0 then return {-4, table.concat(unavailable, ',')} end
else
  local tier = ARGV[7]
  local count = tonumber(ARGV[8])
  if count > maxPerOrder then return {-7, maxPerOrder} end
  if not redis.call('HGET', KEYS[1], 'p:' .. tier) then return {-11, tier} end
  local remaining = tonumber(redis.call('HGET', KEYS[5], 'a:' .. tier) or '0')
  if remaining < count then return {-5, remaining} end
  local prefix = tier .. '|' .. string.format('%02d', count) .. '|'
  local found = redis.call('ZRANGEBYLEX', KEYS[4], '[' .. prefix, '[' .. prefix .. '~', 'LIMIT', 0, 1)
  if #found == 0 then return {-6} end
  local rowIdx = tonumber(string.match(found[1], '|(%d+)$'))
  local row = loadRow(rowIdx)
  if not row then return {-6} end
  -- Among the row's runs, take the one whose middle is nearest the row's middle.
  local want = string.rep('0', count)
  local centre = (row.len + 1) / 2
  local bestPos, bestDist = nil, nil
  local pos = string.find(row.str, want, 1, true)
  while pos do
    local d = math.abs(pos + (count - 1) / 2 - centre)
    if not bestDist or d < bestDist then bestPos, bestDist = pos, d end
    pos = string.find(row.str, want, pos + 1, true)
  end
  if not bestPos then return {-6} end -- index said yes, row says no: refuse rather than guess
  for i = 0, count - 1 do
    local s = row.start + bestPos - 1 + i
    seats[#seats + 1] = s
    seatRow[s] = rowIdx
  end
end

-- Prices and per-user limits, per tier.
local perTier, tierOrder, total = {}, {}, 0
local seatTiers = {}
for i, s in ipairs(seats) do
  local t = rowInfo[seatRow[s]].tier
  if not perTier[t] then
    perTier[t] = 0
    tierOrder[#tierOrder + 1] = t
  end
  perTier[t] = perTier[t] + 1
  seatTiers[i] = t
end
for _, t in ipairs(tierOrder) do
  local pl = redis.call('HMGET', KEYS[1], 'p:' .. t, 'l:' .. t)
  if not pl[1] then return {-11, t} end
  total = total + tonumber(pl[1]) * perTier[t]
  local limit = tonumber(pl[2])
  local current = tonumber(redis.call('HGET', KEYS[8], userId .. '|' .. t) or '0')
  if current + perTier[t] > limit then return {-8, t, limit, current} end
end
if expected >= 0 and expected ~= total then return {-9, total} end

-- All checks passed: write.
local ownerArgs, seatRows = {}, {}
for i, s in ipairs(seats) do
  if mode ~= 'A' then redis.call('SETRANGE', KEYS[2], s, '1') end
  ownerArgs[#ownerArgs + 1] = s
  ownerArgs[#ownerArgs + 1] = holdId
  seatRows[i] = seatRow[s]
end
if mode == 'A' then redis.call('SETRANGE', KEYS[2], seats[1], string.rep('1', #seats)) end
redis.call('HSET', KEYS[6], unpack(ownerArgs))
for _, t in ipairs(tierOrder) do
  redis.call('HINCRBY', KEYS[5], 'a:' .. t, -perTier[t])
  redis.call('HINCRBY', KEYS[5], 'h:' .. t, perTier[t])
  redis.call('HINCRBY', KEYS[8], userId .. '|' .. t, perTier[t])
end
for _, r in ipairs(rowOrder) do
  local row = rowInfo[r]
  local after = redis.call('GETRANGE', KEYS[2], row.start, row.start + row.len - 1)
  updateRowRuns(KEYS[4], row.tier, r, longestFreeRun(row.str, maxPerOrder), longestFreeRun(after, maxPerOrder))
end

local seatCsv = table.concat(seats, ',')
local rowCsv = table.concat(seatRows, ',')
redis.call('HSET', KEYS[9],
  'userId', userId, 'status', 'ACTIVE', 'seats', seatCsv, 'rows', rowCsv,
  'tiers', table.concat(seatTiers, ','), 'totalCents', total, 'buyerIds', ARGV[9],
  'createdAt', ARGV[1], 'expiresAt', expiresAt)
redis.call('ZADD', KEYS[7], expiresAt, holdId)
return {0, seatCsv, rowCsv, total}
