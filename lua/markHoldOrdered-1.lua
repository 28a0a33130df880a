--[[
  Marks an ACTIVE hold as being ordered, so its holder can no longer release it (the
  order flow owns it now). Idempotent for the same order number.

  Input:
    KEYS[1] hold    hash   the hold record ({s:<sessionId>}:hold:<holdId>)
    ARGV[1] userId  the caller (must own the hold)
    ARGV[2] orderNumber
    ARGV[3] now, ms

  Output:
     {0}                    marked (or already marked for this order)
    {-20}                   no such hold, or not the caller's
    {-21, status}           the hold is not ACTIVE
    {-24, expiresAt}        the hold has expired (its release is pending)
    {-25, orderNumber}      the hold is already ordered by another order
]]
local h = redis.call('HMGET', KEYS[1], 'userId', 'status', 'expiresAt', 'orderNumber')
if not h[1] or h[1] ~= ARGV[1] then return {-20} end
if h[2] ~= 'ACTIVE' then return {-21, h[2]} end
if tonumber(h[3]) <= tonumber(ARGV[3]) then return {-24, h[3]} end
if h[4] then
  if h[4] == ARGV[2] then return {0} end
  return {-25, h[4]}
end
redis.call('HSET', KEYS[1], 'orderNumber', ARGV[2])
return {0}
