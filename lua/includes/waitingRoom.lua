--[[
  Shared by the waiting-room scripts. Every one takes the same keys, all under the
  session's queue hash tag {q:<sessionId>} (a different slot from the seat inventory):

    KEYS[1] room    hash  settings: enabled (0/1), rate (admissions per minute), ttl
                          (admission, s), captcha (0/1), opensAt (ms), claim (ms an offered
                          place waits to be claimed);
                          the line: sealed (pre-queue size, set at sale open), seq (joins after
                          open), served (highest position admitted), credits (returned places
                          not yet given out), tat (time of the next evenly paced slot, ms),
                          inWindow (paced admissions still in the log), lapse (the earliest
                          offer deadline or admission expiry, ms);
                          totals: base (paced admissions), credited (admissions of returned
                          places), returned (places given back)
    KEYS[2] pre     zset  userId -> random score: joined before the sale opened
    KEYS[3] users   hash  userId -> position (0: in the pre-queue, rank decided at open)
    KEYS[4] offers  zset  position -> claim deadline: admitted, not claimed yet
    KEYS[5] claims  hash  userId -> when the admission was claimed (ms)
    KEYS[6] live    zset  userId -> admission expiry: claimed and not finished
    KEYS[7] log     zset  "served:count" -> time: paced admissions of the last window
]]
local WINDOW_MS = 10000
-- Slots due longer ago than this are lost, not caught up: a batch is at most a second's worth.
local LATENESS_MS = 1000
local LINE_FIELDS = { 'sealed', 'seq', 'served', 'credits', 'tat', 'inWindow', 'lapse', 'base', 'credited', 'returned' }

-- Settings and line in one read; nil when the session has no waiting room.
local function readRoom(key)
  local v = redis.call('HMGET', key, 'enabled', 'rate', 'ttl', 'opensAt', 'claim',
    'sealed', 'seq', 'served', 'credits', 'tat', 'inWindow', 'lapse', 'base', 'credited', 'returned')
  if not v[1] then return nil end
  local num = function(i) return tonumber(v[i] or '0') end
  local cfg = { enabled = v[1] == '1', rate = tonumber(v[2]), ttl = tonumber(v[3]) * 1000,
                opensAt = tonumber(v[4]), claim = tonumber(v[5]) }
  local st = { sealed = tonumber(v[6]), seq = num(7), served = num(8), credits = num(9), tat = tonumber(v[10]),
               inWindow = num(11), lapse = tonumber(v[12]), base = num(13), credited = num(14),
               returned = num(15), dirty = false }
  return cfg, st
end

local function saveState(key, st)
  if not st.dirty then return end
  local args = {}
  for _, f in ipairs(LINE_FIELDS) do
    local v = st[f]
    if v ~= nil then
      args[#args + 1] = f
      args[#args + 1] = (f == 'tat' or f == 'lapse') and string.format('%.3f', v) or v
    end
  end
  redis.call('HSET', key, unpack(args))
  if st.lapse == nil then redis.call('HDEL', key, 'lapse') end
end

-- At sale open the pre-queue's order is fixed: its size is sealed, its ranks never change.
local function seal(keys, cfg, st)
  if st.sealed then return end
  st.sealed = redis.call('ZCARD', keys[2])
  st.tat = math.max(st.tat or cfg.opensAt, cfg.opensAt)
  st.dirty = true
end

-- The earliest deadline in a zset (offers, live), or nil.
local function firstScore(key)
  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return tonumber(first[2])
end

local function noteLapse(st, at)
  if not st.lapse or at < st.lapse then st.lapse = at end
end

--[[
  Admits whoever is due, lazily (every join and status call runs it; the time comes from
  the caller): base admissions follow an even schedule of one every 60000/rate ms, never
  more than ceil(rate/6) in any 10 s (the log); slots nobody was waiting for, slots more
  than a second overdue and slots the 10 s budget refuses are lost, never banked into a
  burst; returned places (offers not claimed in time, admissions that expired unused,
  users who finished) are admitted on top, also never banked for an empty line.
]]
local function pump(keys, cfg, st, now)
  if now < cfg.opensAt then return end
  seal(keys, cfg, st)
  if st.lapse and st.lapse <= now then
    local lapsed = redis.call('ZCOUNT', keys[4], '-inf', now) + redis.call('ZCOUNT', keys[6], '-inf', now)
    if lapsed > 0 then
      redis.call('ZREMRANGEBYSCORE', keys[4], '-inf', now)
      redis.call('ZREMRANGEBYSCORE', keys[6], '-inf', now)
      st.credits = st.credits + lapsed
      st.returned = st.returned + lapsed
    end
    st.lapse = nil
    local a, b = firstScore(keys[4]), firstScore(keys[6])
    if a then noteLapse(st, a) end
    if b then noteLapse(st, b) end
    st.dirty = true
  end
  local interval = 60000 / cfg.rate
  local waiting = st.sealed + st.seq - st.served
  if waiting <= 0 then
    if st.tat < now or st.credits > 0 then
      st.tat = math.max(st.tat, now)
      st.credits = 0
      st.dirty = true
    end
    return
  end
  if st.tat < now - LATENESS_MS then st.tat = now - LATENESS_MS end
  local base = 0
  if st.tat <= now then
    local due = math.floor((now - st.tat) / interval) + 1
    -- The window's total is kept as a running sum: only entries leaving it are read.
    local leaving = redis.call('ZRANGEBYSCORE', keys[7], '-inf', now - WINDOW_MS)
    if #leaving > 0 then
      for _, m in ipairs(leaving) do st.inWindow = st.inWindow - tonumber(string.match(m, ':(%d+)$')) end
      redis.call('ZREMRANGEBYSCORE', keys[7], '-inf', now - WINDOW_MS)
    end
    local budget = math.ceil(cfg.rate / 6) - st.inWindow
    base = math.max(0, math.min(due, waiting, budget))
    -- Every due slot is used or lost: nobody waiting for it, or no room in the 10 s budget.
    st.tat = st.tat + due * interval
    st.dirty = true
  end
  local credit = math.min(st.credits, waiting - base)
  local k = base + credit
  if k > 0 then
    local offers = {}
    for p = st.served + 1, st.served + k do
      offers[#offers + 1] = now + cfg.claim
      offers[#offers + 1] = p
    end
    redis.call('ZADD', keys[4], unpack(offers))
    noteLapse(st, now + cfg.claim)
    if base > 0 then
      redis.call('ZADD', keys[7], now, (st.served + base) .. ':' .. base)
      st.inWindow = st.inWindow + base
    end
    st.served = st.served + k
    st.credits = st.credits - credit
    st.base = st.base + base
    st.credited = st.credited + credit
    st.dirty = true
  end
end

--[[
  Where a user stands: 'PRE' (joined before the sale opened), 'WAITING', 'ADMITTED' or
  'EXPIRED', with the position and, when admitted, when the admission was claimed. The
  first look at an offered place claims it (the admission's lifetime starts then).
]]
local function statusOf(keys, cfg, st, userId, pos, now)
  if pos == 0 then
    if not st.sealed then return 'PRE', 0, 0 end
    pos = redis.call('ZRANK', keys[2], userId) + 1
  end
  if pos > st.served then return 'WAITING', pos, 0 end
  local claimedAt = tonumber(redis.call('HGET', keys[5], userId))
  if claimedAt then
    if now < claimedAt + cfg.ttl then return 'ADMITTED', pos, claimedAt end
    return 'EXPIRED', pos, claimedAt
  end
  local deadline = tonumber(redis.call('ZSCORE', keys[4], pos))
  if deadline and now < deadline then
    redis.call('ZREM', keys[4], pos)
    redis.call('HSET', keys[5], userId, now)
    redis.call('ZADD', keys[6], now + cfg.ttl, userId)
    noteLapse(st, now + cfg.ttl)
    st.dirty = true
    return 'ADMITTED', pos, now
  end
  return 'EXPIRED', pos, 0
end

-- The line's part of every reply: served, tail, tat, sealed, then the totals.
local function lineReply(st)
  return st.served, (st.sealed or 0) + st.seq, string.format('%.3f', st.tat or 0), st.sealed and 1 or 0,
    st.base, st.credited, st.returned
end

local function reply(existing, status, pos, claimedAt, st)
  return { existing, status, pos, claimedAt, lineReply(st) }
end
