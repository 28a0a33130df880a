--[[
  Loads a session's inventory into Redis (the "warmup"), or rebuilds it from the
  durable record. Derived structures (counters, picks index) are computed here from
  the seat states, so they always agree with them.

  Input:
    KEYS[1] meta    hash    status, saleOpensAt, saleClosesAt, maxPerOrder, seatCount, p:/l:/n:/o:<tier>
    KEYS[2] states  string
    KEYS[3] rows    hash
    KEYS[4] picks   zset    each row's best placement of k seats (includes/rowPicks)
    KEYS[5] counts  hash    a:<tier> available, s:<tier> sold
    KEYS[6] owners  hash    seatIdx -> holdId, for HELD and SOLD seats
    KEYS[7] layout  string  the session layout JSON, for readers (seat map, id mapping)
    KEYS[8] expiry  zset    kept on rebuild (live holds stay in the sweeper's index)
    KEYS[9] limits  hash    kept on rebuild (live holds still count against limits)
    KEYS[10] ids    hash    idHash -> holdId (ONE_PER_ID): kept on rebuild, then the durable
                            record's entries put back

    ARGV[1] JSON {status? (default ON_SALE; CLOSED for a closed session being rebuilt),
                  saleOpensAt, saleClosesAt?, maxPerOrder, perUserLimit? (over all tiers: meta ul), realName?,
                  tiers: [{tierId, priceCents, perUserLimit}],
                  rows: [[start, len, tierId, depth], ...]} (depth: row number in its section - 1)
    ARGV[2] states: one byte per seat, '0' AVAILABLE, '1' HELD, '2' SOLD
    ARGV[3] JSON flat array [seatIdx, holdId, ...]: the hold each HELD or SOLD seat belongs to
    ARGV[4] layout JSON, stored verbatim in KEYS[7]
    ARGV[5] '1' rebuilds a session that is already loaded; '0' refuses to
    ARGV[6] JSON flat array [idHash, holdId, ...]: id numbers on ordered or sold seats

  Output:
     {0, seatCount}
    {-30}   already loaded and ARGV[5] is not '1'
    {-31}   states length differs from the rows' total
]]
--- @include "includes/rowPicks"

if ARGV[5] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then return {-30} end
local cfg = cjson.decode(ARGV[1])
local states = ARGV[2]
local total = 0
for _, r in ipairs(cfg.rows) do total = total + r[2] end
if total ~= #states then return {-31} end

redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7])
local maxPerOrder = tonumber(cfg.maxPerOrder)
-- picks = '1': loaded with the picks index (upgradePicks-5.lua upgrades older sessions).
local metaArgs = { 'status', cfg.status or 'ON_SALE', 'saleOpensAt', cfg.saleOpensAt, 'maxPerOrder', maxPerOrder, 'seatCount', total, 'picks', '1' }
if cfg.saleClosesAt then
  metaArgs[#metaArgs + 1] = 'saleClosesAt'
  metaArgs[#metaArgs + 1] = cfg.saleClosesAt
end
if cfg.perUserLimit then
  metaArgs[#metaArgs + 1] = 'ul'
  metaArgs[#metaArgs + 1] = cfg.perUserLimit
end
if cfg.realName then
  metaArgs[#metaArgs + 1] = 'realName'
  metaArgs[#metaArgs + 1] = cfg.realName
end
local counts = {}
local tierOrd = {}
for i, t in ipairs(cfg.tiers) do
  metaArgs[#metaArgs + 1] = 'p:' .. t.tierId
  metaArgs[#metaArgs + 1] = t.priceCents
  metaArgs[#metaArgs + 1] = 'l:' .. t.tierId
  metaArgs[#metaArgs + 1] = t.perUserLimit
  metaArgs[#metaArgs + 1] = 'o:' .. t.tierId
  metaArgs[#metaArgs + 1] = i - 1
  tierOrd[t.tierId] = i - 1
  counts[t.tierId] = { 0, 0, 0, 0 }
end
redis.call('SET', KEYS[2], states)

writeRows(KEYS[3], KEYS[4], cfg.rows, tierOrd, states, maxPerOrder, function(tier, len, str)
  local c = counts[tier]
  c[1] = c[1] + select(2, string.gsub(str, '0', ''))
  c[3] = c[3] + select(2, string.gsub(str, '2', ''))
  c[4] = c[4] + len
end)

-- Held seats are not counted: held = n - available - sold, one counter fewer per hold.
local countArgs = {}
for tier, c in pairs(counts) do
  countArgs[#countArgs + 1] = 'a:' .. tier
  countArgs[#countArgs + 1] = c[1]
  countArgs[#countArgs + 1] = 's:' .. tier
  countArgs[#countArgs + 1] = c[3]
  metaArgs[#metaArgs + 1] = 'n:' .. tier
  metaArgs[#metaArgs + 1] = c[4]
end
redis.call('HSET', KEYS[5], unpack(countArgs))
redis.call('HSET', KEYS[1], unpack(metaArgs))

local owners = cjson.decode(ARGV[3])
for i = 1, #owners, 2 do redis.call('HSET', KEYS[6], owners[i], owners[i + 1]) end
redis.call('SET', KEYS[7], ARGV[4])
local ids = cjson.decode(ARGV[6])
for i = 1, #ids, 2 do redis.call('HSET', KEYS[10], ids[i], ids[i + 1]) end
return {0, total}
