-- One validation per request (POST /v1/changes/{id}/validations), no expectedVersion, each with its own eventId.
-- Each wrk thread owns `per` changes, named <prefix>-<thread>-<k>, and visits them round-robin, so two requests
-- in flight never share a change (a thread has far fewer connections than changes).
-- args: key, change prefix, changes per thread, event-id prefix
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  headers = headers_for(args[1])
  prefix, per, events = args[2], tonumber(args[3]), args[4]
  n = 0
end

function request()
  n = n + 1
  local path = string.format("/v1/changes/%s-%d-%d/validations", prefix, id, n % per)
  local body = string.format(
    '{"check":"check-%d","commit":"a1b2c3d","outcome":"%s","runner":"github-actions",' ..
    '"runUrl":"https://ci.example/runs/%d","durationMs":%d,"eventId":"%s-%d-%d"}',
    n % 5, (n % 7 == 0) and "failed" or "passed", n, 1000 + n % 5000, events, id, n)
  return wrk.format("POST", path, headers, body)
end
