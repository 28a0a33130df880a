--[[
  Undoes markHoldOrdered when the order could not be queued, so the holder may order the
  hold again (or release it). Only the order that marked it can unmark it.

  Input:
    KEYS[1] hold    hash   the hold record
    ARGV[1] orderNumber

  Output:
     {0}    unmarked
    {-20}   no such hold, or marked by another order (nothing changed)
]]
if redis.call('HGET', KEYS[1], 'orderNumber') ~= ARGV[1] then return {-20} end
redis.call('HDEL', KEYS[1], 'orderNumber')
return {0}
