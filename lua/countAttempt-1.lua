--[[
  Counts an attempt in a fixed window that starts at the first attempt (login failures
  per identifier or per source IP, registrations per minute). Counting comes first and
  is atomic, so parallel attempts cannot all see the same old count.

  Input:
    KEYS[1] counter  string  attempts in the current window (expires with the window)

    ARGV[1] window, ms
    ARGV[2] limit: attempts the window allows without `force`
    ARGV[3] '1' counts even past the limit (a solved captcha, or a surge meter);
            '0' refuses to count past it

  Output:
     {0, count}          counted; `count` includes this attempt
    {-41, count, ttlMs}  over the limit and not forced: nothing written
]]
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= limit and ARGV[3] ~= '1' then
  return {-41, count, redis.call('PTTL', KEYS[1])}
end
count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], window) end
return {0, count}
