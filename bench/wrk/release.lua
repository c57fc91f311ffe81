-- One release request (POST /v1/changes/{id}/releases), each to an environment never asked before, so every request is
-- judged afresh and its verdict recorded. Each wrk thread owns `per` changes, named <prefix>-<thread>-<k>, visited
-- round-robin, so two requests in flight never share a change. Counts the answers by status (201 released, 409 refused).
-- args: key, change prefix, changes per thread, environment prefix
counters = { "s201", "s409" }
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  headers = headers_for(args[1])
  prefix, per, environments = args[2], tonumber(args[3]), args[4]
  n, s201, s409 = 0, 0, 0
end

function request()
  n = n + 1
  local path = string.format("/v1/changes/%s-%d-%d/releases", prefix, id, n % per)
  local body = string.format('{"environment":"%s-%d-%d","version":"1.0.%d","releasedBy":"bench"}', environments, id, n, n)
  return wrk.format("POST", path, headers, body)
end

function response(status)
  if status == 201 then s201 = s201 + 1 elseif status == 409 then s409 = s409 + 1 end
end
