--[[
  One request against a rate limit, GCRA (generic cell rate algorithm): the key holds
  the "theoretical arrival time" (TAT) of the next request, so a limiter is one string
  and one round trip, and parallel requests cannot slip past (the check and the write
  are one script). Equivalent to a token bucket of `burst` tokens refilled every
  `interval` ms, without a refill timer.

  Input:
    KEYS[1] limiter  string  TAT in ms (absent: the bucket is full)

    ARGV[1] now, ms
    ARGV[2] emission interval, whole ms (1000 / requests per second)
    ARGV[3] burst: requests allowed at once when the limiter is idle (>= 1)

  Output:
     {0, remaining}       allowed; `remaining` requests could follow at once
    {-40, retryAfterMs}   refused; nothing written
]]
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])

-- Offsets from now (small numbers: no rounding at epoch-millisecond magnitudes).
local ahead = tonumber(redis.call('GET', KEYS[1]) or '0') - now
if ahead < 0 then ahead = 0 end
local after = ahead + interval
local capacity = burst * interval
if after > capacity then return {-40, math.ceil(after - capacity)} end

-- Integers as strings: a Lua number argument would be sent in float notation.
redis.call('SET', KEYS[1], string.format('%d', now + after), 'PX', string.format('%d', math.ceil(after)))
return {0, math.floor((capacity - after) / interval)}
