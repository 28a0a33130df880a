--[[
  One request against a rate limit (GCRA, see includes/gcra): the key holds the arrival
  time of the next request, so a limiter is one string and one round trip, and parallel
  requests cannot slip past (the check and the write are one script).

  Input:
    KEYS[1] limiter  string  TAT in ms (absent: the bucket is full)

    ARGV[1] now, ms
    ARGV[2] emission interval, whole ms (1000 / requests per second)
    ARGV[3] burst: requests allowed at once when the limiter is idle (>= 1)

  Output:
     {0, remaining}       allowed; `remaining` requests could follow at once
    {-40, retryAfterMs}   refused; nothing written
]]
--- @include "includes/gcra"

local allowed, value = gcra(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if not allowed then return {-40, value} end
return {0, value}
