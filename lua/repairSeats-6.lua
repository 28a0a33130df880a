--[[
  Reconcile repair: sets seats to the state the durable record (DynamoDB) gives them, each
  only if Redis still shows the state the reconcile saw (compare-and-set), so a hold, a
  release or a payment that ran in between is never overwritten. Counters and the row
  free-run index move with every changed seat, so they stay equal to the seat states.
  Per-user limits and hold records are not touched (see docs/ARCHITECTURE.md, Reconcile).

  Input:
    KEYS[1] meta    hash   maxPerOrder (picks index cap)
    KEYS[2] states  string one byte per seat: '0' AVAILABLE, '1' HELD, '2' SOLD
    KEYS[3] rows    hash   rowIdx -> "start,len,tierId"
    KEYS[4] picks   zset   row picks index (includes/rowPicks)
    KEYS[5] counts  hash   a:<tier> available, s:<tier> sold
    KEYS[6] owners  hash   seatIdx -> holdId, for HELD and SOLD seats

    ARGV[1..] groups of 6: seatIdx, rowIdx, expectedState, expectedOwner ('' = none),
              newState, newOwner ('' = none; required for '1' and '2')

  Output:
     {0, repaired, skipped}  skipped: seats that changed since the reconcile read them
    {-1}                     session inventory not loaded
    {-2}                     malformed arguments (nothing written)
]]
--- @include "includes/rowPicks"

local maxPerOrder = tonumber(redis.call('HGET', KEYS[1], 'maxPerOrder'))
if not maxPerOrder then return {-1} end
if #ARGV % 6 ~= 0 then return {-2} end
for i = 1, #ARGV, 6 do
  local to, owner = ARGV[i + 4], ARGV[i + 5]
  if not tonumber(ARGV[i]) or not tonumber(ARGV[i + 1]) then return {-2} end
  if to ~= '0' and to ~= '1' and to ~= '2' then return {-2} end
  if to ~= '0' and owner == '' then return {-2} end
end

local repaired, skipped = 0, 0
local rowsTouched, rowOrder = {}, {}
for i = 1, #ARGV, 6 do
  local s, r = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  local st = redis.call('GETRANGE', KEYS[2], s, s)
  local owner = redis.call('HGET', KEYS[6], s) or ''
  if st ~= ARGV[i + 2] or owner ~= ARGV[i + 3] then
    skipped = skipped + 1
  else
    local to, newOwner = ARGV[i + 4], ARGV[i + 5]
    local row = touchRow(rowsTouched, rowOrder, KEYS[2], KEYS[3], r)
    local t = row.tier
    if st == '0' then redis.call('HINCRBY', KEYS[5], 'a:' .. t, -1) end
    if st == '2' then redis.call('HINCRBY', KEYS[5], 's:' .. t, -1) end
    if to == '0' then redis.call('HINCRBY', KEYS[5], 'a:' .. t, 1) end
    if to == '2' then redis.call('HINCRBY', KEYS[5], 's:' .. t, 1) end
    redis.call('SETRANGE', KEYS[2], s, to)
    if to == '0' then redis.call('HDEL', KEYS[6], s) else redis.call('HSET', KEYS[6], s, newOwner) end
    repaired = repaired + 1
  end
end
reindexTouchedRows(KEYS[4], KEYS[2], rowsTouched, rowOrder, maxPerOrder)
return {0, repaired, skipped}
