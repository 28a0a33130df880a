--[[
  Whether a loaded session's sale is over and nothing in it can still run out: its status is
  CLOSED or CANCELLED, or its closing time has passed, and its expiry index is empty (no hold,
  ordered or not, is live). The sweeper then retires it from the set of open sessions (a key
  of another slot, so not in this script; a reopen puts it back).

  Input:
    KEYS[1] meta    hash   status, saleClosesAt (ms)
    KEYS[2] expiry  zset   live holds
    ARGV[1] now, ms

  Output:
    {1}  ended and idle
    {0}  still selling, or holds still live
    {-1} not loaded
]]
local h = redis.call('HMGET', KEYS[1], 'status', 'saleClosesAt')
if not h[1] then return {-1} end
local closes = tonumber(h[2])
local over = h[1] == 'CLOSED' or h[1] == 'CANCELLED' or (closes ~= nil and closes <= tonumber(ARGV[1]))
if over and redis.call('ZCARD', KEYS[2]) == 0 then return {1} end
return {0}
