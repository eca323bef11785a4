-- acquire: KEYS token, done, holders; ARGV token, index, classes ("R"/"W" per call), holder,
-- ttl ms, retention ms, channel.
-- Returns {'GRANTED', index} | {'WAIT', blocking index} | {'STALE', newest token}
--       | {'FINISHED', index} | {'WAIT', index, ms until its holder expires} while another
--       delivery of the same call holds it.
local token_key, done_key, holders_key = KEYS[1], KEYS[2], KEYS[3]
local token, index, classes, holder = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local ttl, retention, channel = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]

-- Fencing: an older token is refused; a newer one becomes the session's token, and waiters that
-- still hold the older one are told, so they learn at once that they are stale.
local newest = current_token(token_key)
if tonumber(token) < newest then
  return {'STALE', newest}
end
if tonumber(token) > newest then
  redis.call('PUBLISH', channel, 'token ' .. token)
end
redis.call('SET', token_key, token, 'PX', retention)

local done = redis.call('GET', done_key) or ''
if is_done(done, index) then
  return {'FINISHED', index}
end

-- One holder per call: a redelivered call waits while its first delivery is alive.
local now = now_ms()
local other, left = live_holder(holders_key, index, now)
if other and other ~= holder then
  return {'WAIT', index, left}
end

-- A READ waits for every earlier unfinished WRITE; a WRITE waits for every earlier unfinished call.
local writing = string.sub(classes, index + 1, index + 1) == 'W'
for j = 0, index - 1 do
  if (writing or string.sub(classes, j + 1, j + 1) == 'W') and not is_done(done, j) then
    return {'WAIT', j}
  end
end

hold(holders_key, index, holder, now, ttl)
retain(done_key, holders_key, retention)
return {'GRANTED', index}
