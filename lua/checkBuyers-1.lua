--[[
  The buy path's first look at the user's own slot, in one round trip: the per-user buy
  rate limit (GCRA, see includes/gcra), whose arrival time is a field of the user's buyer
  hash (read with the buyers in one HMGET, written with one HSET), then the requested
  buyers. With no buyer ids it is the buy limit alone (orders, payments).

  Input:
    KEYS[1] user   hash  {u:<userId>}:buyers — "_" present when the buyer cache is warm,
                         "_rl" the buy limit's arrival time (ms), buyerId -> masked summary JSON

    ARGV[1] now, ms
    ARGV[2] emission interval, whole ms
    ARGV[3] burst
    ARGV[4] seconds to keep the hash when this call creates it (the cache's lifetime)
    ARGV[5..] buyer ids

  Output:
     {0, remaining, warm (0/1), summary1, summary2, ...}  allowed; a missing buyer is nil
    {-40, retryAfterMs}                                   over the limit: nothing written
]]
--- @include "includes/gcra"

local fields = { '_', '_rl' }
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
local found = redis.call('HMGET', KEYS[1], unpack(fields))
local ok, value, newTat = gcraDecide(tonumber(found[2]), tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if not ok then return {-40, value} end
redis.call('HSET', KEYS[1], '_rl', string.format('%d', newTat))
if not found[1] and not found[2] then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4])) end
local out = { 0, value, found[1] and 1 or 0 }
for i = 3, #found do out[#out + 1] = found[i] end
return out
