-- release: KEYS token, done, holders, running, outcomes; ARGV index, holder, finished ("1" or
-- "0"), retention ms, channel.
-- Returns {'RELEASED', index} | {'LOST', index}.
-- finished = 1 marks the call finished. finished = 0 (abandon) leaves it unstarted, so the calls
-- that wait for it keep waiting for its retry. Either way the session's waiters are told.
local done_key, holders_key, running_key = KEYS[2], KEYS[3], KEYS[4]
local index, holder, finished = tonumber(ARGV[1]), ARGV[2], ARGV[3] == '1'
local retention, channel = tonumber(ARGV[4]), ARGV[5]

redis.call('HDEL', running_key, holder)
local other = live_holder(holders_key, index, now_ms())
if other and other ~= holder then
  return {'LOST', index}
end
redis.call('HDEL', holders_key, index)
if finished then
  redis.call('SETBIT', done_key, index, 1)
  redis.call('HDEL', KEYS[5], index) -- the done bit says it all from now on
end
retain(KEYS, retention)
redis.call('PUBLISH', channel, string.format('released %d %s', index, done_key))
return {'RELEASED', index}
