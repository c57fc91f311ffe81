-- GET /v1/changes/{id} over `count` changes named <prefix>-<k>, picked at random.
-- args: key, change prefix, count
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  headers = headers_for(args[1])
  headers["Content-Type"] = nil
  prefix, count = args[2], tonumber(args[3])
  math.randomseed(id + 1)
end

function request()
  return wrk.format("GET", string.format("/v1/changes/%s-%d", prefix, math.random(0, count - 1)), headers)
end
