--[[
  Where a user stands in a session's waiting room. Admits whoever is due first (so the
  line moves while people ask), and the first look at an offered place claims it.

  Input: KEYS as in includes/waitingRoom.
    ARGV[1] now, ms
    ARGV[2] userId

  Output:
    {1, status, position, claimedAt, served, tail, tat, sealed, base, credited, returned}
        status: PRE, WAITING, ADMITTED, EXPIRED
    {-51}  the session has no waiting room
    {-52}  the user is not in line
]]
--- @include "includes/waitingRoom"

local now = tonumber(ARGV[1])
local userId = ARGV[2]
local cfg, st = readRoom(KEYS[1])
if not cfg then return {-51} end
if cfg.enabled then pump(KEYS, cfg, st, now) end
local known = redis.call('HGET', KEYS[3], userId)
if not known then
  saveState(KEYS[1], st)
  return {-52}
end
local status, pos, claimedAt = statusOf(KEYS, cfg, st, userId, tonumber(known), now)
saveState(KEYS[1], st)
return reply(1, status, pos, claimedAt, st)
