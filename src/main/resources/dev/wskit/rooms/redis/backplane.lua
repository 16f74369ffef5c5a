-- wskit rooms and boards in Redis (dev.wskit.rooms.redis.Lua runs it; RoomStore and BoardStore call it).
-- One script, ARGV[1] names the operation; every call touches the keys of ONE room or board, all with the same
-- hash tag, so they share a slot:
--   KEYS[1] meta     hash: epoch (id of this numbering), seq (last number), hbytes (history or board bytes),
--                    joins (join counter, gives the member list its joining order)
--   KEYS[2] log      list: rooms: history entries ("T"|"B" .. frame), oldest first, contiguous numbers ending at seq;
--                    boards: the line records drawn since the last clear, numbered
--   KEYS[3] members  hash: name -> owner ("node/connection"), then for rooms "\n" and the member's pre-encoded
--                    leave presence tail
--   KEYS[4] order    sorted set: name -> join number (rooms)
--   KEYS[5] leases   sorted set: name -> lease expiry, Redis time in ms
-- ARGV[2] is the pub/sub channel, ARGV[3] the time to live of every key in ms (renewed by every write, so the keys
-- of a room whose nodes all died go away by themselves). Operation arguments start at ARGV[4].
-- Published envelope: kind ("T" text, "B" attachment, "S" strokes) .. epoch (16 chars) .. first .. " " .. last ..
-- "\n" .. frame. Numbers leave the script through string.format('%d'): tostring would write 1.7e+12.
-- Every operation answers with an array (the client reads every answer as one).

local META, LOG, MEMBERS, ORDER, LEASES = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local OP, CHANNEL, TTL = ARGV[1], ARGV[2], tonumber(ARGV[3])

local function d(n)
  return string.format('%d', n)
end

local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function touch()
  for i = 1, #KEYS do
    redis.call('PEXPIRE', KEYS[i], TTL)
  end
end

local function publish(kind, first, last, frame)
  local epoch = redis.call('HGET', META, 'epoch')
  redis.call('PUBLISH', CHANNEL, kind .. epoch .. d(first) .. ' ' .. d(last) .. '\n' .. frame)
end

-- Rooms: appends one broadcast to history, then trims it to keep entries and maxBytes bytes, oldest first.
-- A frame larger than maxBytes empties history, as a node's own Room does.
local function remember(entry, keep, maxBytes)
  local size = #entry - 1
  if keep == 0 or size > maxBytes then
    redis.call('DEL', LOG)
    redis.call('HSET', META, 'hbytes', 0)
    return
  end
  redis.call('RPUSH', LOG, entry)
  local bytes = redis.call('HINCRBY', META, 'hbytes', size)
  local n = redis.call('LLEN', LOG)
  while n > keep or bytes > maxBytes do
    local old = redis.call('LPOP', LOG)
    bytes = redis.call('HINCRBY', META, 'hbytes', 1 - #old)
    n = n - 1
  end
end

-- Rooms: numbers, stamps, keeps and publishes one JSON broadcast. head is '{"type":...,"room":...,', tail what
-- follows the time field ('"nick":...}'), both encoded by the node.
local function broadcast_text(head, tail, keep, maxBytes)
  local seq = redis.call('HINCRBY', META, 'seq', 1)
  local t = now()
  local frame = head .. '"seq":' .. d(seq) .. ',"time":' .. d(t) .. ',' .. tail
  remember('T' .. frame, keep, maxBytes)
  publish('T', seq, seq, frame)
  return seq, t
end

-- Rooms: the same for an attachment encoded by the node with seq 0 and time 0: bytes 2-17 become u64 seq, u64 time.
local function broadcast_attachment(bytes, keep, maxBytes)
  local seq = redis.call('HINCRBY', META, 'seq', 1)
  local t = now()
  local frame = string.sub(bytes, 1, 1) .. struct.pack('>I8I8', seq, t) .. string.sub(bytes, 18)
  remember('B' .. frame, keep, maxBytes)
  publish('B', seq, seq, frame)
  return seq, t
end

local function owner_of(name)
  local v = redis.call('HGET', MEMBERS, name)
  if not v then
    return nil, nil
  end
  local nl = string.find(v, '\n', 1, true)
  if nl then
    return string.sub(v, 1, nl - 1), string.sub(v, nl + 1)
  end
  return v, nil
end

-- Removes a member; a room also broadcasts its leave (phead: the presence head, nil for boards). The last member
-- ends the room or board: every key goes, so the next join starts a new epoch. Returns true when it ended.
local function remove(name, phead, keep, maxBytes)
  local _, bye = owner_of(name)
  redis.call('HDEL', MEMBERS, name)
  redis.call('ZREM', ORDER, name)
  redis.call('ZREM', LEASES, name)
  if redis.call('HLEN', MEMBERS) == 0 then
    redis.call('DEL', META, LOG, MEMBERS, ORDER, LEASES)
    return true
  end
  if phead and bye then
    broadcast_text(phead, bye, keep, maxBytes)
  end
  return false
end

-- Removes every member whose lease expired by t, as if it had left. Returns true when that ended the room or board.
local function reap(t, phead, keep, maxBytes)
  local expired = redis.call('ZRANGEBYSCORE', LEASES, '-inf', t)
  for _, name in ipairs(expired) do
    if redis.call('HEXISTS', MEMBERS, name) == 1 then
      if remove(name, phead, keep, maxBytes) then
        return true
      end
    else
      redis.call('ZREM', LEASES, name)
    end
  end
  return false
end

-- Renews the leases of (name, owner) pairs from ARGV[first] on that this node still holds; returns the names it no
-- longer holds (released, reaped, or the data is gone).
local function renew(first, t, lease)
  local lost = {}
  for i = first, #ARGV, 2 do
    local name, owner = ARGV[i], ARGV[i + 1]
    if owner_of(name) == owner then
      redis.call('ZADD', LEASES, t + lease, name)
    else
      lost[#lost + 1] = name
    end
  end
  return lost
end

-- Claims name for owner (value: what the members hash stores). Returns nil, or 'taken' / 'full'.
local function claim(name, owner, value, maxMembers, lease, t, epoch)
  if redis.call('HEXISTS', MEMBERS, name) == 1 then
    return 'taken'
  end
  if redis.call('HLEN', MEMBERS) >= maxMembers then
    return 'full'
  end
  if redis.call('EXISTS', META) == 0 then
    redis.call('HSET', META, 'epoch', epoch, 'seq', 0, 'hbytes', 0, 'joins', 0)
  end
  redis.call('HSET', MEMBERS, name, value)
  redis.call('ZADD', ORDER, redis.call('HINCRBY', META, 'joins', 1), name)
  redis.call('ZADD', LEASES, t + lease, name)
  return nil
end

-- Rooms: what history holds after since: the entries, the list index they start at, the first number held (or the
-- next to come) and whether the numbering restarted since the client saw it (another epoch, or since beyond seq).
local function replay(since, clientEpoch)
  local epoch = redis.call('HGET', META, 'epoch')
  local seq = tonumber(redis.call('HGET', META, 'seq'))
  local first = seq - redis.call('LLEN', LOG) + 1
  local restarted = 0
  if (clientEpoch ~= '' and clientEpoch ~= epoch) or since > seq then
    restarted = 1
  end
  local from = 0
  if restarted == 0 then
    from = math.max(since - first + 1, 0)
  end
  return epoch, seq, first, restarted, from, redis.call('LRANGE', LOG, from, -1)
end

local function lines_snapshot()
  local seq = tonumber(redis.call('HGET', META, 'seq'))
  local lines = redis.call('LRANGE', LOG, 0, -1)
  return seq, 'C' .. struct.pack('>I4', seq % 4294967296) .. table.concat(lines)
end

if OP == 'room-join' then
  -- name, value (owner \n leave tail), maxMembers, lease, epoch candidate, presence head, join tail, keep, maxBytes,
  -- since ('' for none), client epoch ('' for none), reap (1: this node may reap expired leases)
  local name, value, maxMembers, lease = ARGV[4], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
  local candidate, phead, tail = ARGV[8], ARGV[9], ARGV[10]
  local keep, maxBytes, since, clientEpoch = tonumber(ARGV[11]), tonumber(ARGV[12]), ARGV[13], ARGV[14]
  local t = now()
  if ARGV[15] == '1' and redis.call('EXISTS', META) == 1 then
    reap(t, phead, keep, maxBytes)
  end
  local owner = string.sub(value, 1, string.find(value, '\n', 1, true) - 1)
  local refused = claim(name, owner, value, maxMembers, lease, t, candidate)
  if refused then
    return {refused}
  end
  local epoch, seq, first, restarted, from, entries = '', 0, 0, 0, 0, {}
  if since ~= '' then
    epoch, seq, first, restarted, from, entries = replay(tonumber(since), clientEpoch)
  end
  local s, jt = broadcast_text(phead, tail, keep, maxBytes)
  touch()
  return {'ok', redis.call('HGET', META, 'epoch'), s, jt, first, restarted, from,
          redis.call('ZRANGE', ORDER, 0, -1), entries}

elseif OP == 'room-leave' then
  -- name, owner, presence head, keep, maxBytes
  local name, owner = ARGV[4], ARGV[5]
  if owner_of(name) ~= owner then
    return {0}
  end
  local ended = remove(name, ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8]))
  touch()
  return {ended and 2 or 1}

elseif OP == 'room-say' or OP == 'room-attach' then
  -- name, owner, keep, maxBytes, then head and tail (say) or the attachment bytes
  local name, owner, keep, maxBytes = ARGV[4], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
  if owner_of(name) ~= owner then
    return {'gone'}
  end
  local seq, t
  if OP == 'room-say' then
    seq, t = broadcast_text(ARGV[8], ARGV[9], keep, maxBytes)
  else
    seq, t = broadcast_attachment(ARGV[8], keep, maxBytes)
  end
  touch()
  return {'ok', seq, t}

elseif OP == 'room-history' then
  -- since, client epoch ('' for none)
  if redis.call('EXISTS', META) == 0 then
    return {'none'}
  end
  local epoch, seq, first, restarted, from, entries = replay(tonumber(ARGV[4]), ARGV[5])
  return {'ok', epoch, seq, first, restarted, from, entries}

elseif OP == 'room-renew' or OP == 'board-renew' then
  -- lease, reap (1/0), presence head ('' for boards), keep, maxBytes, then name, owner pairs
  local t = now()
  local lost = renew(9, t, tonumber(ARGV[4]))
  if ARGV[5] == '1' and redis.call('EXISTS', META) == 1 then
    local phead = nil
    if OP == 'room-renew' then
      phead = ARGV[6]
    end
    reap(t, phead, tonumber(ARGV[7]), tonumber(ARGV[8]))
  end
  touch()
  return lost

elseif OP == 'board-join' then
  -- name (the owner), maxMembers, lease, epoch candidate, reap (1/0)
  local name, maxMembers, lease = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
  local t = now()
  if ARGV[8] == '1' and redis.call('EXISTS', META) == 1 then
    reap(t, nil, 0, 0)
  end
  local refused = claim(name, name, name, maxMembers, lease, t, ARGV[7])
  if refused then
    return {refused}
  end
  local seq, snapshot = lines_snapshot()
  touch()
  return {'ok', redis.call('HGET', META, 'epoch'), seq, snapshot}

elseif OP == 'board-draw' then
  -- name (the owner), maxBoardSize, the batch of records with seq 0 (checked by the node's decoder)
  local name, maxBoard, batch = ARGV[4], tonumber(ARGV[5]), ARGV[6]
  if owner_of(name) ~= name then
    return {'gone'}
  end
  local projected = tonumber(redis.call('HGET', META, 'hbytes'))
  local records = {}
  local pos, n = 1, #batch
  while pos <= n do
    local tag, size = string.byte(batch, pos), 0
    if tag == 76 and pos + 11 <= n then
      size = 12 + 4 * (string.byte(batch, pos + 10) * 256 + string.byte(batch, pos + 11))
      projected = projected + size
    elseif tag == 67 then
      size = 5
      projected = 0
    else
      return {'bad'}
    end
    if pos + size - 1 > n then
      return {'bad'}
    end
    records[#records + 1] = {tag, pos, size}
    pos = pos + size
  end
  if #records == 0 then
    return {'bad'}
  end
  if projected > maxBoard then
    return {'full'}
  end
  local seq = tonumber(redis.call('HGET', META, 'seq'))
  local bytes = tonumber(redis.call('HGET', META, 'hbytes'))
  local first = seq + 1
  local out = {}
  for i, r in ipairs(records) do
    seq = seq + 1
    local rec = string.char(r[1]) .. struct.pack('>I4', seq % 4294967296) .. string.sub(batch, r[2] + 5, r[2] + r[3] - 1)
    if r[1] == 67 then
      redis.call('DEL', LOG)
      bytes = 0
    else
      redis.call('RPUSH', LOG, rec)
      bytes = bytes + r[3]
    end
    out[i] = rec
  end
  redis.call('HSET', META, 'seq', seq, 'hbytes', bytes)
  publish('S', first, seq, table.concat(out))
  touch()
  return {'ok', first, seq}

elseif OP == 'board-leave' then
  -- name (the owner)
  if owner_of(ARGV[4]) ~= ARGV[4] then
    return {0}
  end
  local ended = remove(ARGV[4], nil, 0, 0)
  touch()
  return {ended and 2 or 1}

elseif OP == 'board-state' then
  if redis.call('EXISTS', META) == 0 then
    return {'none'}
  end
  local seq, snapshot = lines_snapshot()
  return {'ok', redis.call('HGET', META, 'epoch'), seq, snapshot}
end

return redis.error_reply('wskit backplane: unknown operation ' .. tostring(OP))
