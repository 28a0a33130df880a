--[[
  Admits whoever is due in a session's waiting room (see includes/waitingRoom), for a
  container that answers status polls from its snapshot and finds a slot due.

  Input: KEYS as in includes/waitingRoom.
    ARGV[1] now, ms

  Output:
    {0, served, tail, tat, sealed, base, credited, returned}
    {-51}  no waiting room
]]
--- @include "includes/waitingRoom"

local now = tonumber(ARGV[1])
local cfg, st = readRoom(KEYS[1])
if not cfg then return {-51} end
if cfg.enabled then pump(KEYS, cfg, st, now) end
saveState(KEYS[1], st)
return {0, lineReply(st)}
