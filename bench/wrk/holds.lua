-- One hold per request (POST /v1/changes/{id}/holds): an event the ledger announces to webhook subscribers.
-- Each wrk thread owns `per` changes, named <prefix>-<thread>-<k>, and visits them round-robin.
-- args: key, change prefix, changes per thread, hold-id prefix
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  headers = headers_for(args[1])
  prefix, per, holds = args[2], tonumber(args[3]), args[4]
  n = 0
end

function request()
  n = n + 1
  local path = string.format("/v1/changes/%s-%d-%d/holds", prefix, id, n % per)
  local body = string.format('{"kind":"incident","reason":"bench","placedBy":"oncall","holdId":"%s-%d-%d"}', holds, id, n)
  return wrk.format("POST", path, headers, body)
end
