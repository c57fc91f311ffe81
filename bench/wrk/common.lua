-- Shared by the wrk scripts of bench/run.sh: numbers each thread, and prints one machine-readable RESULT line.
-- A script may define extra per-thread counters by listing their names in `counters`.
threads = {}
counters = counters or {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function headers_for(key)
  return { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local line = string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50=%.2f p99=%.2f max=%.2f non2xx=%d socket=%d",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout)
  for _, name in ipairs(counters) do
    local total = 0
    for _, t in ipairs(threads) do total = total + (tonumber(t:get(name)) or 0) end
    line = line .. string.format(" %s=%d", name, total)
  end
  io.write(line .. "\n")
end
