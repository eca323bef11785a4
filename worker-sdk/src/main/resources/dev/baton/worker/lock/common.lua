-- Shared by the turn lock's scripts: TurnLocks prepends this file to each of them before SCRIPT LOAD.
--
-- Keys of one step (all carry the hash tag {sessionId}, so they live in one cluster slot):
--   token key    baton:{s}:token                              the newest fencing token seen
--   done key     baton:{s}:turn:{t}:{token}:step:{n}:done     bitmap, bit i set = call i finished
--   holders key  baton:{s}:turn:{t}:{token}:step:{n}:holders  hash, i -> "<expiry ms> <holder>"

-- Redis server time in milliseconds, so that no client clock matters.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The session's newest fencing token, 0 if none has been seen.
local function current_token(token_key)
  return tonumber(redis.call('GET', token_key) or '0')
end

-- Whether bit i (0-based, most significant bit first, as SETBIT numbers them) is set in bitmap.
local function is_done(bitmap, i)
  local byte = string.byte(bitmap, math.floor(i / 8) + 1)
  if not byte then
    return false
  end
  return bit.band(byte, 2 ^ (7 - i % 8)) ~= 0
end

-- The holder of call i and the ms left until its entry expires, if it has not expired at now.
local function live_holder(holders_key, i, now)
  local entry = redis.call('HGET', holders_key, i)
  if not entry then
    return nil
  end
  local expiry, holder = string.match(entry, '^(%d+) (.*)$')
  local left = tonumber(expiry) - now
  if left <= 0 then
    return nil
  end
  return holder, left
end

-- Records holder as the holder of call i until now + ttl.
local function hold(holders_key, i, holder, now, ttl)
  redis.call('HSET', holders_key, i, string.format('%d %s', now + ttl, holder))
end

-- Keeps the step's keys for retention ms after the last change, so abandoned turns clean up.
local function retain(done_key, holders_key, retention)
  redis.call('PEXPIRE', done_key, retention)
  redis.call('PEXPIRE', holders_key, retention)
end
