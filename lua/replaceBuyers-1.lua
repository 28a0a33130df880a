--[[
  Replaces a user's cached buyers (the cache is warmed from the durable record), keeping the
  buy limit's arrival time that lives in the same hash: re-warming never resets the limit.

  Input:
    KEYS[1] user   hash  {u:<userId>}:buyers

    ARGV[1] seconds to keep the hash
    ARGV[2..] field, value pairs ("_" marker first, then buyerId -> summary JSON)

  Output:
    {0}
]]
local limit = redis.call('HGET', KEYS[1], '_rl')
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
if limit then redis.call('HSET', KEYS[1], '_rl', limit) end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
return {0}
