-- A CI matrix reporting to one change at the same moment: every connection posts validations to the same change,
-- without expectedVersion, so the ledger has to serialise the writers itself.
-- Counts refusals by class, since a retry that gave up shows as a 409 and a crash as a 500.
-- args: key, change id, event-id prefix
counters = { "s4xx", "s5xx" }
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  headers = headers_for(args[1])
  path = "/v1/changes/" .. args[2] .. "/validations"
  events = args[3]
  n, s4xx, s5xx = 0, 0, 0
end

function response(status)
  if status >= 500 then s5xx = s5xx + 1 elseif status >= 400 then s4xx = s4xx + 1 end
end

function request()
  n = n + 1
  local body = string.format(
    '{"check":"matrix-%d","commit":"a1b2c3d","outcome":"passed","runner":"github-actions",' ..
    '"runUrl":"https://ci.example/runs/%d","durationMs":%d,"eventId":"%s-%d-%d"}',
    n % 8, n, 1000 + n % 5000, events, id, n)
  return wrk.format("POST", path, headers, body)
end
