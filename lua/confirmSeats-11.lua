--[[
  Confirms a paid order's seats: HELD -> SOLD. The seats come from the order (the durable
  record), so this also works when Redis lost the hold: a seat that is free in Redis is
  sold too (DynamoDB says it is this order's). Sold seats keep their owner (the holdId),
  so a refund can later prove which order a seat belongs to. The buyers' id numbers stay
  on the session (ONE_PER_ID; put back if Redis lost them), and the user's expired-hold
  strikes are cleared: someone who pays is a buyer. Idempotent.

  Input:
    KEYS[1] meta    hash   maxPerOrder (picks index cap), ul (a limit over all tiers)
    KEYS[2] states  string one byte per seat
    KEYS[3] rows    hash   rowIdx -> "start,len,tierId"
    KEYS[4] picks   zset   row picks index (includes/rowPicks)
    KEYS[5] counts  hash   a:<tier>, s:<tier>
    KEYS[6] owners  hash   seatIdx -> holdId
    KEYS[7] expiry  zset   the sweeper's index (the hold leaves it)
    KEYS[8] limits  hash   "<userId>|<tier>" -> count, "<userId>|*" -> count over all tiers (meta ul)
    KEYS[9] hold    hash   the hold record, if Redis still has it
    KEYS[10] ids    hash   idHash -> holdId (ONE_PER_ID)
    KEYS[11] strikes hash  "n|<userId>", "t|<userId>": expired holds

    ARGV[1] now, ms
    ARGV[2] holdId
    ARGV[3] userId
    ARGV[4] seconds to keep the hold record
    ARGV[5] the order's buyers' id hashes, comma-separated ('' when not ONE_PER_ID)
    ARGV[6..] triples: seatIdx, rowIdx, tierId

  Output:
     {0, soldNow, drift}  soldNow: seats that became SOLD by this call; drift: seats held
                          or sold by another hold in Redis (left alone; reconcile reports them)
    {-1}                  session inventory not loaded
]]
--- @include "includes/rowPicks"

local holdId = ARGV[2]
local maxPerOrder = tonumber(redis.call('HGET', KEYS[1], 'maxPerOrder'))
if not maxPerOrder then return {-1} end

local soldNow, drift = 0, 0
local rowsTouched, rowOrder = {}, {}
for i = 6, #ARGV, 3 do
  -- Strings, as given: they are only ever command arguments and table keys (a number given to
  -- redis.call costs a floating-point printf).
  local s, r, t = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local st = redis.call('GETRANGE', KEYS[2], s, s)
  local owner = redis.call('HGET', KEYS[6], s)
  if st == '1' and owner == holdId then
    redis.call('SETRANGE', KEYS[2], s, '2')
    redis.call('HINCRBY', KEYS[5], 's:' .. t, '1')
    soldNow = soldNow + 1
  elseif st == '0' then
    touchRow(rowsTouched, rowOrder, KEYS[2], KEYS[3], r)
    redis.call('SETRANGE', KEYS[2], s, '2')
    redis.call('HSET', KEYS[6], s, holdId)
    redis.call('HINCRBY', KEYS[5], 'a:' .. t, '-1')
    redis.call('HINCRBY', KEYS[5], 's:' .. t, '1')
    redis.call('HINCRBY', KEYS[8], ARGV[3] .. '|' .. t, '1')
    if redis.call('HEXISTS', KEYS[1], 'ul') == 1 then redis.call('HINCRBY', KEYS[8], ARGV[3] .. '|*', '1') end
    soldNow = soldNow + 1
  elseif not (st == '2' and owner == holdId) then
    drift = drift + 1
  end
end
reindexTouchedRows(KEYS[4], KEYS[2], rowsTouched, rowOrder, maxPerOrder)

if redis.call('HGET', KEYS[9], 'status') == 'ACTIVE' then
  redis.call('HSET', KEYS[9], 'status', 'CONFIRMED', 'endedAt', ARGV[1])
  redis.call('EXPIRE', KEYS[9], ARGV[4])
end
redis.call('ZREM', KEYS[7], holdId)
for idHash in string.gmatch(ARGV[5], '[^,]+') do redis.call('HSETNX', KEYS[10], idHash, holdId) end
redis.call('HDEL', KEYS[11], 'n|' .. ARGV[3], 't|' .. ARGV[3])
return {0, soldNow, drift}
