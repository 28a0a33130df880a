--[[
  Reserves a hold's seats against per-program tier limits: the seats of a tier one user
  may have across every session of a program. Sessions live in different cluster slots,
  so this record lives in the user's slot, one hash per user and program, and is kept
  beside the seat inventory: a reservation lapses by itself at its hold's expiry unless
  the seats were paid for ('inf'), so a crash between this and the hold cannot leak.

  Input:
    KEYS[1] reservations hash  holdId -> "<expiresAt ms | inf>;<tier>:<n>,<tier>:<n>"

    ARGV[1] now, ms
    ARGV[2] holdId
    ARGV[3] expiresAt of the hold, ms
    ARGV[4..] triples: tierId, seats wanted, the tier's per-program limit

  Output:
     {0}                       reserved
    {-42, tierId, limit, used} the tier's limit would be exceeded: nothing written
]]
local now = tonumber(ARGV[1])
local used = {}
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local exp, tiers = string.match(entries[i + 1], '^([^;]+);(.*)$')
  if exp ~= 'inf' and tonumber(exp) <= now then
    redis.call('HDEL', KEYS[1], entries[i]) -- lapsed: its hold expired unpaid
  else
    for t, n in string.gmatch(tiers, '([^:,]+):(%d+)') do used[t] = (used[t] or 0) + tonumber(n) end
  end
end

local parts = {}
for i = 4, #ARGV, 3 do
  local t, want, limit = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  if (used[t] or 0) + want > limit then return {-42, t, limit, used[t] or 0} end
  parts[#parts + 1] = t .. ':' .. want
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3] .. ';' .. table.concat(parts, ','))
return {0}
