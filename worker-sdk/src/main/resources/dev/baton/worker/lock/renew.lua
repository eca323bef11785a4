-- renew: KEYS token, done, holders, running, outcomes; ARGV token, index, holder, ttl ms,
-- retention ms, class letter.
-- Returns {'RENEWED', index} | {'LOST', index} | {'STALE', newest token}.
-- A late renewal still succeeds while the entry is this holder's: an expired entry only means that
-- the call counts as not started, and nothing that waits for it can have run in the meantime.
-- A stale or lost lock is not renewed, so its entry among the session's running locks expires.
local token_key, holders_key, running_key = KEYS[1], KEYS[3], KEYS[4]
local token, index, holder = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local ttl, retention, class = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]

local newest = current_token(token_key)
if tonumber(token) < newest then
  return {'STALE', newest}
end
local entry = redis.call('HGET', holders_key, index)
if not entry or string.match(entry, '^%d+ (.*)$') ~= holder then
  return {'LOST', index}
end
hold(holders_key, running_key, index, holder, now_ms(), ttl, token, class)
retain(KEYS, retention)
return {'RENEWED', index}
