-- GET /v1/changes/{id}/evidence of one change, over and over: what a reader of a long-lived change waits for.
-- args: key, change id
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  headers = headers_for(args[1])
  headers["Content-Type"] = nil
  path = "/v1/changes/" .. args[2] .. "/evidence"
end

function request()
  return wrk.format("GET", path, headers)
end
