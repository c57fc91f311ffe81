#!/usr/bin/env bash
# Write latency with and without a webhook subscriber (issue 17): the same hold writes (bench/wrk/holds.lua, every one
# an event the ledger announces) on changes no subscription covers, then on changes of a repository one subscriber on
# loopback has subscribed to (a Python receiver that answers 204 and counts), alternating for WEBHOOK_ROUNDS rounds so
# a busy machine's drift falls on both alike; on a fresh database of the local cluster and the service in Release. Also reports how many deliveries arrived and how
# long after the last write the last one did. Every step is bounded by `timeout`; what it starts is stopped by its id.
#   WEBHOOK_SECONDS=15 WEBHOOK_ROUNDS=3 WEBHOOK_CLIENTS=8 bench/webhooks.sh
set -euo pipefail
cd "$(dirname "$0")/.."

port="${BENCH_PORT:-5291}" receiver_port="${RECEIVER_PORT:-5292}"
seconds="${WEBHOOK_SECONDS:-15}" rounds="${WEBHOOK_ROUNDS:-3}" clients="${WEBHOOK_CLIENTS:-8}" threads=2 per=16
logs="$(mktemp -d /tmp/changeledger-webhooks.XXXXXX)"
db=changeledger_bench_webhooks
base="http://127.0.0.1:$port"

url="$(deploy/local/postgres.sh start)"
field() { echo "$url" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"
for p in "$port" "$receiver_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "webhooks.sh: port $p is in use" >&2; exit 1; fi
done

service="" receiver=""
cleanup() {
  for pid in $service $receiver; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  psql -q -d postgres -c "drop database if exists $db with (force)" || true
}
trap cleanup EXIT
trap 'exit 143' INT TERM
psql -q -d postgres -c "drop database if exists $db with (force)" -c "create database $db"

# The subscriber: answers every POST 204 and writes one line per delivery (its arrival time).
timeout 3600 python3 -c '
import http.server, sys, time
log = open(sys.argv[2], "a", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204); self.end_headers()
        log.write("%.3f %s\n" % (time.time(), self.headers["webhook-id"]))
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
' "$receiver_port" "$logs/deliveries.log" &
receiver=$!

timeout 600 dotnet build src/ChangeLedger -c Release --nologo -v quiet >/dev/null
key_part() { local s; s="$(head -c 4000 /dev/urandom | LC_ALL=C tr -dc 'a-z2-7')"; echo "${s:0:$1}"; }
key="cl_$(key_part 12)_$(key_part 52)"
ConnectionStrings__Ledger="${url/Database=$(field Database)/Database=$db}" ASPNETCORE_URLS="$base" \
  Access__BootstrapAdminKey="$key" Limits__RateLimit__PermitsPerSecond=1000000 Limits__RateLimit__Burst=1000000 \
  Webhooks__AllowedNetworks__0=127.0.0.1/32 Webhooks__AllowPlainHttp=true \
  Logging__LogLevel__Default=Warning timeout 3600 dotnet src/ChangeLedger/bin/Release/net10.0/ChangeLedger.dll >"$logs/service.log" 2>&1 &
service=$!
for _ in $(seq 1 180); do curl -sf "$base/health/ready" >/dev/null && break; sleep 1; done
curl -sf "$base/health/ready" >/dev/null || { echo "webhooks.sh: the service did not start (see $logs/service.log)" >&2; exit 1; }

auth=(-H "Authorization: Bearer $key" -H 'Content-Type: application/json')
propose() { # change prefix, repository
  for t in $(seq 0 $((threads - 1))); do for k in $(seq 0 $((per - 1))); do
    curl -sf -o /dev/null "${auth[@]}" "$base/v1/changes" -d "{\"changeId\":\"$1-$t-$k\",\"repository\":\"$2\",\"title\":\"bench\",\"headCommit\":\"c0ffee1\",\"owner\":\"alice\",\"submittedBy\":\"ci\",\"origin\":{\"kind\":\"human\"}}"
  done; done
}
run() { # name, change prefix
  timeout $((seconds + 120)) wrk -t "$threads" -c "$clients" -d "${seconds}s" --latency -s bench/wrk/holds.lua "$base" -- "$key" "$2" "$per" "h$1" \
    >"$logs/$1.log" 2>&1
  grep '^RESULT' "$logs/$1.log"
}

propose warm github.com/acme/quiet; propose none github.com/acme/quiet; propose one github.com/acme/hooked
curl -sf -o /dev/null -X PUT "${auth[@]}" "$base/v1/integrations/webhooks/bench" \
  -d "{\"url\":\"http://127.0.0.1:$receiver_port/hook\",\"repositories\":[\"github.com/acme/hooked\"],\"reason\":\"bench\"}"
run warm warm >/dev/null
written=0 non2xx=0
for r in $(seq 1 "$rounds"); do
  echo "round $r, no subscriber ($clients clients, $seconds s): $(run "none$r" none)"
  one="$(run "one$r" one)"
  echo "round $r, one subscriber ($clients clients, $seconds s): $one"
  written=$((written + $(echo "$one" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')))
  non2xx=$((non2xx + $(echo "$one" | sed -n 's/.*non2xx=\([0-9]*\).*/\1/p')))
done
ended=$(date +%s.%N)
want=$((written - non2xx))
for _ in $(seq 1 300); do
  [[ $(wc -l <"$logs/deliveries.log") -ge $want ]] && break; sleep 1
done
got=$(wc -l <"$logs/deliveries.log")
last=$(tail -n 1 "$logs/deliveries.log" | cut -d' ' -f1)
echo "deliveries: $got for $want holds answered 201 while subscribed (writes still in flight when wrk stopped commit too);" \
  "the last arrived $(echo "$last - $ended" | bc) s after the last write"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "logs: $logs"
