--[[
  The order writer's claim on a hold before it writes the order: proof that the order's
  message was really sent. A send that timed out may still have reached the queue (a frozen
  or slow SQS); the order flow then gives the hold back (unmarkHoldOrdered) and answers 503.
  Whichever comes first wins, atomically: a claimed hold can no longer be given back (the
  order flow then answers 202 after all), and a hold given back is not claimed (the writer
  drops the message instead of writing an order its buyer was told had failed).

  Input:
    KEYS[1] hold    hash   the hold record
    ARGV[1] orderNumber

  Output:
     {0}    claimed (or already claimed by this order): write the order
    {-20}   no hold record at all (Redis lost it): write the order; DynamoDB guards the seats
    {-25}   the hold is not this order's (given back, or ordered by another): drop the message
]]
local current = redis.call('HGET', KEYS[1], 'orderNumber')
if current == ARGV[1] then
  redis.call('HSET', KEYS[1], 'orderClaimed', '1')
  return {0}
end
if redis.call('EXISTS', KEYS[1]) == 0 then return {-20} end
return {-25}
