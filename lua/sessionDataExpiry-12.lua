--[[
  Sets when a session's inventory data leaves Redis, or keeps it. An ended session (its sale
  over: CLOSED or CANCELLED or past its closing time, and no hold live, as sessionEnded-2.lua
  asks) gets every key an absolute expiry (the show plus a grace, computed by the caller): its
  seats stay readable for check-in and reconcile until then, and a show that is over costs no
  memory after it. Checked and set in one script, so a session reopened a moment before is
  never given an expiry. A session that sells again is kept: every key's expiry is removed.

  Input:
    KEYS[1] meta    hash   status, saleClosesAt (ms)
    KEYS[2] expiry  zset   live holds
    KEYS[3..12]     the session's other keys: states, rows, picks, old runs, counts, owners,
                    limits, layout, ids, strikes (missing ones are skipped)
    ARGV[1] 'expire' or 'keep'
    ARGV[2] now, ms
    ARGV[3] expire at, ms (mode 'expire')

  Output:
    {1}  expiry set (expire) or removed (keep)
    {0}  not ended: nothing set (expire)
    {-1} not loaded
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
if ARGV[1] == 'keep' then
  for i = 1, #KEYS do redis.call('PERSIST', KEYS[i]) end
  return {1}
end
local h = redis.call('HMGET', KEYS[1], 'status', 'saleClosesAt')
local closes = tonumber(h[2])
local over = h[1] == 'CLOSED' or h[1] == 'CANCELLED' or (closes ~= nil and closes <= tonumber(ARGV[2]))
if not over or redis.call('ZCARD', KEYS[2]) > 0 then return {0} end
for i = 1, #KEYS do redis.call('PEXPIREAT', KEYS[i], ARGV[3]) end
return {1}
