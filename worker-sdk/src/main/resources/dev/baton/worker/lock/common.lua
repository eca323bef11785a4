-- Shared by the turn lock's scripts: TurnLocks prepends this file to each of them before SCRIPT LOAD.
--
-- Keys of one step (all carry the hash tag {sessionId}, so they live in one cluster slot):
--   token key     baton:{s}:token                               the newest fencing token seen
--   done key      baton:{s}:turn:{t}:{token}:step:{n}:done      bitmap, bit i set = call i finished
--   holders key   baton:{s}:turn:{t}:{token}:step:{n}:holders   hash, i -> "<expiry ms> <holder>"
--   running key   baton:{s}:running                             hash, holder -> "<expiry ms> <token>
--                                                               <R|W>": every held lock of the
--                                                               session, of any turn and step
--   outcomes key  baton:{s}:turn:{t}:{token}:step:{n}:outcomes  hash, i -> the outcome its holder
--                                                               recorded before publishing it

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

-- Records holder as the holder of call i until now + ttl, in its step and in the session's running
-- locks (with its token and class letter).
local function hold(holders_key, running_key, i, holder, now, ttl, token, class)
  redis.call('HSET', holders_key, i, string.format('%d %s', now + ttl, holder))
  redis.call('HSET', running_key, holder, string.format('%d %s %s', now + ttl, token, class))
end

-- A live lock of an older fencing token (an earlier step or turn) that conflicts with a call of
-- class writing or not: the ms until it expires, or nil. Expired entries are removed on the way.
local function older_holder(running_key, token, writing, now)
  local entries = redis.call('HGETALL', running_key)
  for k = 1, #entries, 2 do
    local expiry, held_token, class = string.match(entries[k + 1], '^(%d+) (%d+) (%a)$')
    local left = tonumber(expiry) - now
    if left <= 0 then
      redis.call('HDEL', running_key, entries[k])
    elseif tonumber(held_token) < token and (writing or class == 'W') then
      return left
    end
  end
  return nil
end

-- Keeps the step's keys and the session's running locks for retention ms after the last change, so
-- abandoned turns clean up.
local function retain(keys, retention)
  for k = 2, #keys do
    redis.call('PEXPIRE', keys[k], retention)
  end
end
