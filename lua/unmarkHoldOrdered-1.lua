--[[
  Undoes markHoldOrdered when the order could not be queued, so the holder may order the
  hold again (or release it). Only the order that marked it can unmark it, and only while
  the order writer has not claimed it (claimHoldForOrder): a claimed hold means the message
  did reach the queue after all.

  Input:
    KEYS[1] hold    hash   the hold record
    ARGV[1] orderNumber

  Output:
     {0}    unmarked
    {-20}   no such hold, or marked by another order (nothing changed)
    {-23}   the writer has claimed it for this order: the order exists (nothing changed)
]]
local h = redis.call('HMGET', KEYS[1], 'orderNumber', 'orderClaimed')
if h[1] ~= ARGV[1] then return {-20} end
if h[2] == '1' then return {-23} end
redis.call('HDEL', KEYS[1], 'orderNumber')
return {0}
