-- acquire: KEYS token, done, holders, running, outcomes; ARGV token, index, classes ("R"/"W" per
-- call), holder, ttl ms, retention ms, channel.
-- Returns {'GRANTED', index} | {'GRANTED', index, -1, outcome} when an earlier holder recorded the
--       call's outcome but never released it | {'WAIT', blocking index} | {'STALE', newest token}
--       | {'FINISHED', index} | {'WAIT', index, ms until its holder expires} while another
--       delivery of the same call holds it | {'WAIT', -2, ms until it expires} while a conflicting
--       lock of an older token (an earlier step or an ended turn) is held.
local token_key, done_key, holders_key = KEYS[1], KEYS[2], KEYS[3]
local running_key, outcomes_key = KEYS[4], KEYS[5]
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

local class = string.sub(classes, index + 1, index + 1)
local writing = class == 'W'

-- The call ran and its outcome was recorded, but its holder died before releasing it: the new
-- holder publishes that outcome instead of running the call again.
local outcome = redis.call('HGET', outcomes_key, index)
if outcome then
  hold(holders_key, running_key, index, holder, now, ttl, token, class)
  retain(KEYS, retention)
  return {'GRANTED', index, -1, outcome}
end

-- A call of an older token still running (a zombie of an ended turn, say) finishes or expires
-- before a conflicting call of a newer one starts.
local older_left = older_holder(running_key, tonumber(token), writing, now)
if older_left then
  return {'WAIT', -2, older_left}
end

-- A READ waits for every earlier unfinished WRITE; a WRITE waits for every earlier unfinished call.
-- A call whose outcome is recorded and whose holder is gone has finished: it ran, and its outcome
-- is published by it or by its next delivery.
for j = 0, index - 1 do
  if (writing or string.sub(classes, j + 1, j + 1) == 'W') and not is_done(done, j)
      and not (redis.call('HEXISTS', outcomes_key, j) == 1
               and not live_holder(holders_key, j, now)) then
    return {'WAIT', j}
  end
end

hold(holders_key, running_key, index, holder, now, ttl, token, class)
retain(KEYS, retention)
return {'GRANTED', index}
