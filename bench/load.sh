#!/usr/bin/env bash
# HTTP load benchmark: the write and read paths through the real service, next to this machine's own PostgreSQL
# baseline (pgbench on the same cluster). Uses the local cluster (deploy/local/postgres.sh; CHANGELEDGER_PG_ROOT
# selects a separate one), a fresh database, the service in Release on 127.0.0.1:$LOAD_PORT with a generated
# bootstrap key and a raised rate limit, and tests/ChangeLedger.LoadTests for the scenarios single, batch and read
# at each of $CONCURRENCY. Every step is bounded by `timeout`; the service is stopped by its PID and both
# databases are dropped on exit. Prints a summary; full output goes to $LOAD_LOG_DIR.
#   DURATION=20 CONCURRENCY="8 32" SCENARIOS="single batch read" PGBENCH_SECONDS=20 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

port="${LOAD_PORT:-5099}"
duration="${DURATION:-20}"
levels="${CONCURRENCY:-8 32}"
scenarios="${SCENARIOS:-single batch read}"
pgbench_seconds="${PGBENCH_SECONDS:-20}"
logs="${LOAD_LOG_DIR:-$(mktemp -d /tmp/changeledger-load.XXXXXX)}"
db="changeledger_bench_load"
pgbench_db="changeledger_bench_pgbench"
mkdir -p "$logs"

url="$(deploy/local/postgres.sh start)"
field() { echo "$url" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"
pgbench="$(command -v pgbench || ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1)"

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "load.sh: port $port is in use; set LOAD_PORT" >&2; exit 1; fi

service=""
cleanup() {
  if [[ -n "$service" ]]; then kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true; fi
  psql -q -d postgres -c "drop database if exists $db with (force)" -c "drop database if exists $pgbench_db with (force)" || true
}
trap cleanup EXIT
psql -q -d postgres -c "drop database if exists $db with (force)" -c "create database $db" \
  -c "drop database if exists $pgbench_db with (force)" -c "create database $pgbench_db"

# 1. The machine's own PostgreSQL baseline: TPC-B-like (5 statements, one commit per transaction) and select-only.
echo "== pgbench baseline (scale 10, 8 clients, ${pgbench_seconds} s each)"
timeout 300 "$pgbench" -q -i -s 10 "$pgbench_db" >"$logs/pgbench-init.log" 2>&1
pgbench_tps() { sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$1" | head -n 1; }
pgbench_lat() { sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$1" | head -n 1; }
timeout $((pgbench_seconds + 60)) "$pgbench" -c 8 -j 2 -T "$pgbench_seconds" "$pgbench_db" >"$logs/pgbench-tpcb.log" 2>&1
timeout $((pgbench_seconds + 60)) "$pgbench" -S -c 8 -j 2 -T "$pgbench_seconds" "$pgbench_db" >"$logs/pgbench-select.log" 2>&1
echo "pgbench tpcb-like c=8: $(pgbench_tps "$logs/pgbench-tpcb.log") tps, avg $(pgbench_lat "$logs/pgbench-tpcb.log") ms"
echo "pgbench select-only c=8: $(pgbench_tps "$logs/pgbench-select.log") tps, avg $(pgbench_lat "$logs/pgbench-select.log") ms"
psql -q -d postgres -c "drop database if exists $pgbench_db with (force)"

# 2. The service, Release build, with a fresh root key (cl_ + 12 + _ + 52 characters of a-z2-7).
dotnet build src/ChangeLedger -c Release --nologo -v quiet >/dev/null
dotnet build tests/ChangeLedger.LoadTests -c Release --nologo -v quiet >/dev/null
# (No `tr </dev/urandom | head`: under pipefail, tr's SIGPIPE would end the script.)
key_part() { local s; s="$(head -c 4000 /dev/urandom | LC_ALL=C tr -dc 'a-z2-7')"; echo "${s:0:$1}"; }
key="cl_$(key_part 12)_$(key_part 52)"
ConnectionStrings__Ledger="${url/Database=$(field Database)/Database=$db}" ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Access__BootstrapAdminKey="$key" Limits__RateLimit__PermitsPerSecond=1000000 Limits__RateLimit__Burst=1000000 \
  Logging__LogLevel__Default=Warning Database__ApplySchemaAtStart=true dotnet src/ChangeLedger/bin/Release/net10.0/ChangeLedger.dll >"$logs/service.log" 2>&1 &
service=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 "$service" 2>/dev/null || { echo "load.sh: the service exited; see $logs/service.log" >&2; tail -n 20 "$logs/service.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "load.sh: the service is not ready after 60 s" >&2; exit 1; }

# 3. The scenarios. A run with any 5xx, transport error or refused batch item exits 1 and is flagged below.
failed=0
for scenario in $scenarios; do
  for c in $levels; do
    echo "== $scenario, concurrency $c, ${duration} s"
    status=0
    timeout $((duration + 180)) dotnet tests/ChangeLedger.LoadTests/bin/Release/net10.0/ChangeLedger.LoadTests.dll \
      --url "http://127.0.0.1:$port" --key "$key" --scenario "$scenario" --concurrency "$c" --duration "$duration" \
      >"$logs/$scenario-c$c.log" 2>&1 || status=$?
    grep -v '^RESULT' "$logs/$scenario-c$c.log" || true
    if [[ $status != 0 ]]; then failed=1; echo "!!! $scenario c=$c exited $status: see $logs/$scenario-c$c.log"; fi
  done
done

echo
echo "== summary (logs: $logs)"
printf '%-28s %10s %10s\n' "pgbench" "tps" "avg ms"
printf '%-28s %10s %10s\n' "tpcb-like c=8" "$(pgbench_tps "$logs/pgbench-tpcb.log")" "$(pgbench_lat "$logs/pgbench-tpcb.log")"
printf '%-28s %10s %10s\n' "select-only c=8" "$(pgbench_tps "$logs/pgbench-select.log")" "$(pgbench_lat "$logs/pgbench-select.log")"
printf '%-16s %4s %10s %10s %8s %8s %8s %8s  %s / %s\n' scenario c "req/s" "events/s" p50 p95 p99 max "non-2xx" "refused items"
grep -h '^RESULT' "$logs"/*-c*.log | sed 's/[a-z0-9]*=//g' | \
  awk '{ printf "%-16s %4s %10s %10s %8s %8s %8s %8s  %s / %s\n", $2, $3, $6, $8, $9, $10, $11, $12, $13, $14 }'
echo "service peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$service/status")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), PostgreSQL $(psql -tA -d postgres -c 'show server_version'), fsync $(psql -tA -d postgres -c 'show fsync'), synchronous_commit $(psql -tA -d postgres -c 'show synchronous_commit')"
exit "$failed"
