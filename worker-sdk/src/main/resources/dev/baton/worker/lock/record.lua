-- record: KEYS token, done, holders, running, outcomes; ARGV index, holder, outcome, retention ms.
-- Returns {'RECORDED', index} | {'LOST', index}.
-- Stores the call's outcome while its holder still holds it (even if its entry has expired, as
-- long as nobody took the call over), before the holder publishes the outcome: a later delivery of
-- the call then finds the outcome instead of running the call again.
local holders_key, outcomes_key = KEYS[3], KEYS[5]
local index, holder, outcome, retention = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4])

local entry = redis.call('HGET', holders_key, index)
if not entry or string.match(entry, '^%d+ (.*)$') ~= holder then
  return {'LOST', index}
end
redis.call('HSET', outcomes_key, index, outcome)
retain(KEYS, retention)
return {'RECORDED', index}
