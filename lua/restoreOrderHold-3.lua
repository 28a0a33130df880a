--[[
  Recreates the Redis hold record of a written, unpaid order after the session's inventory
  was rebuilt from DynamoDB (the seats come back HELD by warmupSession; the record that
  expiry, payment and the sweeper work from lived only in Redis). Does nothing when the
  record exists.

  Input:
    KEYS[1] hold    hash   {s:<sessionId>}:hold:<holdId>
    KEYS[2] expiry  zset   holdId scored by expiresAt ms (the sweeper's index)
    KEYS[3] limits  hash   "<userId>|<tier>" -> seats this user holds or bought in this session,
                           "<userId>|*" -> the same over all tiers (sessions with ul)
    ARGV[1] holdId
    ARGV[2] userId
    ARGV[3] seatIdx csv    ARGV[4] rowIdx csv    ARGV[5] tierId csv (one per seat)
    ARGV[6] totalCents     ARGV[7] buyerIds csv
    ARGV[8] createdAt ms   ARGV[9] expiresAt ms  ARGV[10] orderNumber
    ARGV[11] idHashes csv ('' unless ONE_PER_ID)
    ARGV[12] '1' when the session limits each user over all its tiers (meta ul), else '0'

  Output: 1 restored, 0 the record was there
]]
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1],
  'userId', ARGV[2], 'status', 'ACTIVE', 'seats', ARGV[3], 'rows', ARGV[4], 'tiers', ARGV[5],
  'totalCents', ARGV[6], 'buyerIds', ARGV[7], 'createdAt', ARGV[8], 'expiresAt', ARGV[9],
  'orderNumber', ARGV[10])
if ARGV[11] ~= '' then redis.call('HSET', KEYS[1], 'idHashes', ARGV[11]) end
redis.call('ZADD', KEYS[2], ARGV[9], ARGV[1])
local seats = 0
for tier in string.gmatch(ARGV[5], '[^,]+') do
  redis.call('HINCRBY', KEYS[3], ARGV[2] .. '|' .. tier, 1)
  seats = seats + 1
end
-- The count over all tiers, where the session has that limit (the release gives it back).
if ARGV[12] == '1' then redis.call('HINCRBY', KEYS[3], ARGV[2] .. '|*', seats) end
return 1
