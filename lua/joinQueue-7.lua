--[[
  Joins a session's waiting room: one place per user. Before the sale opens a joiner goes
  to the pre-queue with a random score drawn by the caller (a cryptographic RNG), so the
  pre-queue's order is a fair shuffle that nobody can know before the sale opens; after
  it opens, joiners get the next position in order. A user whose admission expired unused
  joins again at the back; anyone else gets their existing place back.

  Input: KEYS as in includes/waitingRoom.
    ARGV[1] now, ms
    ARGV[2] userId
    ARGV[3] random score for the pre-queue (an integer below 2^48)

  Output:
    {existing (0/1), status, position, claimedAt, served, tail, tat, sealed, base, credited, returned}
        status: PRE (pre-queue, position 0 until the sale opens), WAITING, ADMITTED
    {-50}  the waiting room is switched off
    {-51}  the session has no waiting room
]]
--- @include "includes/waitingRoom"

local now = tonumber(ARGV[1])
local userId = ARGV[2]
local cfg, st = readRoom(KEYS[1])
if not cfg then return {-51} end
if not cfg.enabled then return {-50} end
pump(KEYS, cfg, st, now)

local known = redis.call('HGET', KEYS[3], userId)
if known then
  local status, pos, claimedAt = statusOf(KEYS, cfg, st, userId, tonumber(known), now)
  if status ~= 'EXPIRED' then
    saveState(KEYS[1], st)
    return reply(1, status, pos, claimedAt, st)
  end
  redis.call('HDEL', KEYS[5], userId)
  redis.call('ZREM', KEYS[6], userId)
end

if not st.sealed and now < cfg.opensAt then
  redis.call('ZADD', KEYS[2], ARGV[3], userId)
  redis.call('HSET', KEYS[3], userId, 0)
  saveState(KEYS[1], st)
  return reply(0, 'PRE', 0, 0, st)
end

seal(KEYS, cfg, st)
st.seq = st.seq + 1
st.dirty = true
redis.call('HSET', KEYS[3], userId, st.sealed + st.seq)
pump(KEYS, cfg, st, now) -- room right now admits the newcomer at once
local status, pos, claimedAt = statusOf(KEYS, cfg, st, userId, st.sealed + st.seq, now)
saveState(KEYS[1], st)
return reply(0, status, pos, claimedAt, st)
