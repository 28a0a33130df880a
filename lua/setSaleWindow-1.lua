--[[
  Changes a loaded session's sale window or status (an organiser's edit, close or reopen),
  and nothing for a session that is not loaded: its next load reads them from DynamoDB.
  A plain HSET would create the meta hash of an unloaded session, which would then look
  loaded to warmupSession.

  Input:
    KEYS[1] meta    hash
    ARGV[1] status ('' keeps it)
    ARGV[2] saleOpensAt, ms ('' keeps it)
    ARGV[3] saleClosesAt, ms ('' keeps it)

  Output:
     {0}    changed
    {-1}    the session is not loaded (nothing changed)
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'status', ARGV[1]) end
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'saleOpensAt', ARGV[2]) end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'saleClosesAt', ARGV[3]) end
return {0}
