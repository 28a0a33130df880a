--[[
  Puts a refunded order's seats back on sale: SOLD -> AVAILABLE, only for seats still
  sold to this order (owner = its holdId), and gives the user's purchase-limit counts
  and the buyers' id numbers (ONE_PER_ID) back. Idempotent: a second call finds the seats no longer this order's and does nothing.

  Input:
    KEYS[1] meta    hash   maxPerOrder (picks index cap), ul (a limit over all tiers)
    KEYS[2] states  string one byte per seat
    KEYS[3] rows    hash   rowIdx -> "start,len,tierId"
    KEYS[4] picks   zset   row picks index (includes/rowPicks)
    KEYS[5] counts  hash   a:<tier>, s:<tier>
    KEYS[6] owners  hash   seatIdx -> holdId
    KEYS[7] limits  hash   "<userId>|<tier>" -> count, "<userId>|*" -> count over all tiers (meta ul)
    KEYS[8] ids     hash   idHash -> holdId (ONE_PER_ID)

    ARGV[1] holdId of the order
    ARGV[2] userId
    ARGV[3] the order's buyers' id hashes, comma-separated ('' when not ONE_PER_ID)
    ARGV[4..] triples: seatIdx, rowIdx, tierId

  Output:
     {0, freed}
    {-1}         session inventory not loaded
]]
--- @include "includes/rowPicks"

local holdId = ARGV[1]
local maxPerOrder = tonumber(redis.call('HGET', KEYS[1], 'maxPerOrder'))
if not maxPerOrder then return {-1} end

local freed = 0
local rowsTouched, rowOrder = {}, {}
for i = 4, #ARGV, 3 do
  local s, r, t = tonumber(ARGV[i]), tonumber(ARGV[i + 1]), ARGV[i + 2]
  if redis.call('GETRANGE', KEYS[2], s, s) == '2' and redis.call('HGET', KEYS[6], s) == holdId then
    touchRow(rowsTouched, rowOrder, KEYS[2], KEYS[3], r)
    redis.call('SETRANGE', KEYS[2], s, '0')
    redis.call('HDEL', KEYS[6], s)
    redis.call('HINCRBY', KEYS[5], 'a:' .. t, 1)
    redis.call('HINCRBY', KEYS[5], 's:' .. t, -1)
    local field = ARGV[2] .. '|' .. t
    if redis.call('HINCRBY', KEYS[7], field, -1) <= 0 then redis.call('HDEL', KEYS[7], field) end
    freed = freed + 1
  end
end
reindexTouchedRows(KEYS[4], KEYS[2], rowsTouched, rowOrder, maxPerOrder)
local all = ARGV[2] .. '|*'
if freed > 0 and redis.call('HEXISTS', KEYS[1], 'ul') == 1 and redis.call('HINCRBY', KEYS[7], all, -freed) <= 0 then
  redis.call('HDEL', KEYS[7], all)
end
for idHash in string.gmatch(ARGV[3], '[^,]+') do
  if redis.call('HGET', KEYS[8], idHash) == holdId then redis.call('HDEL', KEYS[8], idHash) end
end
return {0, freed}
