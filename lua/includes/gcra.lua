--[[
  GCRA (generic cell rate algorithm): a limiter is the "theoretical arrival time" (TAT) of
  the next request. A token bucket of `burst` requests refilled one per `interval` ms,
  without a refill timer. Offsets are computed relative to now (small numbers: no rounding
  at epoch-millisecond magnitudes).

  gcraDecide(tat or nil, now, interval, burst)
    -> true, remaining, newTat, msUntilFull   allowed (the caller stores newTat)
    -> false, retryAfterMs                    refused (nothing to store)
  gcra(key, now, interval, burst): the same on a string key (stored with an expiry).
]]
local function gcraDecide(tat, now, interval, burst)
  local ahead = (tat or 0) - now
  if ahead < 0 then ahead = 0 end
  local after = ahead + interval
  local capacity = burst * interval
  if after > capacity then return false, math.ceil(after - capacity) end
  return true, math.floor((capacity - after) / interval), now + after, after
end

local function gcra(key, now, interval, burst)
  local ok, value, newTat, untilFull = gcraDecide(tonumber(redis.call('GET', key)), now, interval, burst)
  if not ok then return false, value end
  -- Integers as strings: a Lua number argument would be sent in float notation.
  redis.call('SET', key, string.format('%d', newTat), 'PX', string.format('%d', math.ceil(untilFull)))
  return true, value
end
