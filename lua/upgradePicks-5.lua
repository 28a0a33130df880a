--[[
  Upgrades, in place and keeping every hold, a session loaded into Redis by a release before
  the picks index (issue 13): the rows-hash values get the tier's position and the row's depth,
  the picks index is built from the seat states as they are now, the old free-run index goes,
  and meta says so. Idempotent: an upgraded session (meta picks = '1') is left alone. The
  inventory adapter runs it once per session and container, before any script that reads rows.

  Input:
    KEYS[1] meta    hash    maxPerOrder; picks ('1' once upgraded), o:<tier> set here
    KEYS[2] states  string
    KEYS[3] rows    hash    rowIdx -> "start,len,tierId" (old) -> "start,len,tierId,tierOrd,depth"
    KEYS[4] picks   zset    built here
    KEYS[5] runs    zset    the old free-run index, deleted

    ARGV[1] JSON {tiers: [tierId, ...], rows: [[start, len, tierId, depth], ...]} (the layout's)

  Output:
     {0, 1}   upgraded
     {0, 0}   already upgraded
    {-1}      session not loaded
    {-31}     the layout's rows do not cover the states string
]]
--- @include "includes/rowPicks"

local v = redis.call('HMGET', KEYS[1], 'maxPerOrder', 'picks')
if not v[1] then return {-1} end
if v[2] == '1' then return {0, 0} end
local cap = tonumber(v[1])
local cfg = cjson.decode(ARGV[1])
local states = redis.call('GET', KEYS[2]) or ''
local total = 0
for _, r in ipairs(cfg.rows) do total = total + r[2] end
if total ~= #states then return {-31} end

local tierOrd, metaArgs = {}, { 'picks', '1' }
for i, t in ipairs(cfg.tiers) do
  tierOrd[t] = i - 1
  metaArgs[#metaArgs + 1] = 'o:' .. t
  metaArgs[#metaArgs + 1] = i - 1
end
redis.call('DEL', KEYS[4], KEYS[5])
writeRows(KEYS[3], KEYS[4], cfg.rows, tierOrd, states, cap)
redis.call('HSET', KEYS[1], unpack(metaArgs))
return {0, 1}
