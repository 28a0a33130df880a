--[[
  Ends an ACTIVE hold: frees the seats this hold still holds, gives back the tier
  counters, the user's purchase-limit counts and its buyers' id numbers (ONE_PER_ID), and
  drops it from the expiry index. A hold that EXPIRED counts as a strike against its user.
  Idempotent: a hold that is no longer ACTIVE is left as it is. A seat that is no
  longer held by this hold (sold, or re-held after a rebuild) is not touched.

  Input:
    KEYS[1] meta    hash   maxPerOrder (the picks index cap)
    KEYS[2] states  string one byte per seat
    KEYS[3] rows    hash   rowIdx -> "start,len,tierId"
    KEYS[4] picks   zset   row picks index (includes/rowPicks)
    KEYS[5] counts  hash   a:<tier> available, s:<tier> sold
    KEYS[6] owners  hash   seatIdx -> holdId
    KEYS[7] expiry  zset   holdId -> expiresAt
    KEYS[8] limits  hash   "<userId>|<tier>" -> count, "<userId>|*" -> count over all tiers (meta ul)
    KEYS[9] hold    hash   the hold record
    KEYS[10] ids    hash   idHash -> holdId (ONE_PER_ID)
    KEYS[11] strikes hash  "n|<userId>" expired holds, "t|<userId>" the last one (ms)

    ARGV[1] now, ms
    ARGV[2] holdId
    ARGV[3] reason: 'RELEASED' (the holder let go) or 'EXPIRED' (its time is up)
    ARGV[4] requesting userId, or '' when the system releases (scheduler, sweeper)
    ARGV[5] seconds to keep the ended record, so GET /holds/{id} can still tell its fate

  Output:
     {0, freedSeatCount}
    {-20}              no such hold, or it belongs to another user
    {-21, status}      the hold is not ACTIVE (already ended): nothing changed
    {-22, expiresAt}   reason EXPIRED but the hold has not reached its expiry
    {-23, orderNumber} a user asked, but the hold is ordered: only the order flow may end it
    {-1}               session inventory not loaded
]]
--- @include "includes/rowPicks"

local now = tonumber(ARGV[1])
local holdId = ARGV[2]
local reason = ARGV[3]
local requester = ARGV[4]

local h = redis.call('HMGET', KEYS[9], 'userId', 'status', 'seats', 'rows', 'tiers', 'expiresAt', 'orderNumber', 'idHashes')
if not h[1] then return {-20} end
if requester ~= '' and requester ~= h[1] then return {-20} end
if h[2] ~= 'ACTIVE' then return {-21, h[2]} end
if requester ~= '' and h[7] then return {-23, h[7]} end
if reason == 'EXPIRED' and tonumber(h[6]) > now then return {-22, h[6]} end
local m = redis.call('HMGET', KEYS[1], 'maxPerOrder', 'ul')
local maxPerOrder = tonumber(m[1])
if not maxPerOrder then return {-1} end

local seatList, rowList, tierList = {}, {}, {}
-- Seat and row indexes stay the strings they were stored as: they are only ever command
-- arguments and table keys (a number given to redis.call costs a floating-point printf).
for v in string.gmatch(h[3], '[^,]+') do seatList[#seatList + 1] = v end
for v in string.gmatch(h[4], '[^,]+') do rowList[#rowList + 1] = v end
for v in string.gmatch(h[5], '[^,]+') do tierList[#tierList + 1] = v end

local rowsTouched, rowOrder = {}, {}
local freedPerTier, heldPerTier, tierOrder = {}, {}, {}
local freed = 0
for i, s in ipairs(seatList) do
  local t = tierList[i]
  if not heldPerTier[t] then
    heldPerTier[t] = 0
    freedPerTier[t] = 0
    tierOrder[#tierOrder + 1] = t
  end
  heldPerTier[t] = heldPerTier[t] + 1
  if redis.call('HGET', KEYS[6], s) == holdId and redis.call('GETRANGE', KEYS[2], s, s) == '1' then
    touchRow(rowsTouched, rowOrder, KEYS[2], KEYS[3], rowList[i])
    redis.call('SETRANGE', KEYS[2], s, '0')
    redis.call('HDEL', KEYS[6], s)
    freedPerTier[t] = freedPerTier[t] + 1
    freed = freed + 1
  end
end

for _, t in ipairs(tierOrder) do
  if freedPerTier[t] > 0 then redis.call('HINCRBY', KEYS[5], 'a:' .. t, istr(freedPerTier[t])) end
  local field = h[1] .. '|' .. t
  if redis.call('HINCRBY', KEYS[8], field, istr(-heldPerTier[t])) <= 0 then redis.call('HDEL', KEYS[8], field) end
end
-- The count over all tiers, where the session has that limit (the hold counted all its seats).
if m[2] then
  local n = #seatList
  local all = h[1] .. '|*'
  if redis.call('HINCRBY', KEYS[8], all, n <= 9 and '-' .. string.char(48 + n) or istr(-n)) <= 0 then
    redis.call('HDEL', KEYS[8], all)
  end
end
reindexTouchedRows(KEYS[4], KEYS[2], rowsTouched, rowOrder, maxPerOrder)

if h[8] then
  for idHash in string.gmatch(h[8], '[^,]+') do
    if redis.call('HGET', KEYS[10], idHash) == holdId then redis.call('HDEL', KEYS[10], idHash) end
  end
end
if reason == 'EXPIRED' then
  redis.call('HINCRBY', KEYS[11], 'n|' .. h[1], '1')
  redis.call('HSET', KEYS[11], 't|' .. h[1], ARGV[1])
end

redis.call('HSET', KEYS[9], 'status', reason, 'endedAt', ARGV[1])
redis.call('ZREM', KEYS[7], holdId)
redis.call('EXPIRE', KEYS[9], ARGV[5])
return {0, freed}
