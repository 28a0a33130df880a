--[[
  Sets a session's waiting-room settings (the admin's switch, also replayed from the
  durable record when the session's inventory is loaded). The line and its positions are
  kept: switching off and on again resumes where it was.

  Input: KEYS as in includes/waitingRoom.
    ARGV[1] enabled (0/1)
    ARGV[2] admissions per minute
    ARGV[3] admission lifetime, s
    ARGV[4] captcha (0/1)
    ARGV[5] sale opens at, ms
    ARGV[6] how long an offered place waits to be claimed, ms

  Output:
    {0}
]]
redis.call('HSET', KEYS[1], 'enabled', ARGV[1], 'rate', ARGV[2], 'ttl', ARGV[3], 'captcha', ARGV[4],
  'opensAt', ARGV[5], 'claim', ARGV[6])
return {0}
