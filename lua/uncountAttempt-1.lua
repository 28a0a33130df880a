--[[
  Takes back one attempt counted by countAttempt (the login succeeded, or the request
  was turned away before the password was checked). Never below zero, and the window's
  expiry is kept.

  Input:
    KEYS[1] counter  string

  Output:
    {0, count}  the count after
]]
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count <= 0 then return {0, 0} end
return {0, redis.call('DECR', KEYS[1])}
