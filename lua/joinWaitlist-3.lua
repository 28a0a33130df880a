--[[
  Joins a session tier's waitlist, once per user: a user already waiting gets their entry
  back. First come, first served: the position is the order of joining.

  Input:
    KEYS[1] queue  zset   waitlistId by join sequence (this tier)
    KEYS[2] seq    string the session's join counter
    KEYS[3] users  hash   "<userId>|<tierId>" -> waitlistId (one entry per user and tier)

    ARGV[1] "<userId>|<tierId>"
    ARGV[2] the new waitlistId, used when the user is not waiting yet

  Output:
    {1, waitlistId, position}   joined now (position 1-based)
    {0, waitlistId, position}   already waiting (that entry)
]]
local existing = redis.call('HGET', KEYS[3], ARGV[1])
if existing then
  local rank = redis.call('ZRANK', KEYS[1], existing)
  if rank then return {0, existing, rank + 1} end
  -- A stale look-up (its entry was offered or left): fall through and join again.
end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], seq, ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return {1, ARGV[2], redis.call('ZRANK', KEYS[1], ARGV[2]) + 1}
