--[[
  An admitted user finished (placed an order): their place goes back to the line at once,
  as an extra admission, instead of when their admission would have expired. Once per
  admission.

  Input: KEYS as in includes/waitingRoom.
    ARGV[1] userId

  Output:
    {0, returned (0/1)}
]]
if redis.call('ZREM', KEYS[6], ARGV[1]) == 0 then return {0, 0} end
redis.call('HINCRBY', KEYS[1], 'credits', 1)
redis.call('HINCRBY', KEYS[1], 'returned', 1)
return {0, 1}
