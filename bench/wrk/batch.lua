-- POST /v1/events with `size` validation_recorded items spread over the `width` changes of one set. Each thread owns
-- `sets` sets (changes <prefix>-<thread>-<set>-<j>) and visits them round-robin, so concurrent batches never share a
-- change and each change grows slowly. Counts accepted and refused items from the answers.
-- args: key, change prefix, sets per thread, items per request, changes per set, event-id prefix
counters = { "accepted", "refused", "unparsed" }
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  headers = headers_for(args[1])
  prefix, sets, size, width, events = args[2], tonumber(args[3]), tonumber(args[4]), tonumber(args[5]), args[6]
  n, item, accepted, refused, unparsed = 0, 0, 0, 0, 0
end

function request()
  local set = n % sets
  n = n + 1
  local items = {}
  for i = 0, size - 1 do
    item = item + 1
    items[#items + 1] = string.format(
      '{"type":"validation_recorded","changeId":"%s-%d-%d-%d","check":"check-%d","commit":"a1b2c3d",' ..
      '"outcome":"passed","runner":"github-actions","runUrl":"https://ci.example/runs/%d","durationMs":%d,' ..
      '"eventId":"%s-%d-%d"}',
      prefix, id, set, i % width, i % 5, item, 1000 + item % 5000, events, id, item)
  end
  return wrk.format("POST", "/v1/events", headers, "[" .. table.concat(items, ",") .. "]")
end

function response(status, headers, body)
  local a, r = body:match('"accepted":(%d+),"refused":(%d+)')
  if a then
    accepted, refused = accepted + tonumber(a), refused + tonumber(r)
  else
    unparsed = unparsed + 1
  end
end
