#!/usr/bin/env bash
# Export benchmark: seeds ROWS ownership rows (default 1,000,000) straight into a fresh database with
# bench/seed-ownership.sql, runs the service (Release build), exports the whole range as CSV and as NDJSON,
# and prints the export rate (rows/s) and the service's peak resident memory (VmHWM) before and after.
# Uses the local cluster (deploy/local/postgres.sh); the benchmark database is dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

rows="${ROWS:-1000000}"
streams=$((rows / 4))
port="${BENCH_PORT:-5191}"
db="changeledger_bench_export"
url="$(deploy/local/postgres.sh start)"
field() { echo "$url" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"

psql -q -d postgres -c "drop database if exists $db with (force)" -c "create database $db"
dotnet build src/ChangeLedger -c Release --nologo -v quiet >/dev/null

ConnectionStrings__Ledger="${url/Database=$(field Database)/Database=$db}" ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Logging__LogLevel__Default=Warning Database__ApplySchemaAtStart=true dotnet src/ChangeLedger/bin/Release/net10.0/ChangeLedger.dll >/tmp/changeledger-bench-export.log 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true; wait $service 2>/dev/null || true; psql -q -d postgres -c "drop database if exists $db with (force)"' EXIT
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.5; done

seed_start=$(date +%s.%N)
{ echo "set seed.streams = $streams; set seed.start = '2026-01-01T00:00:00Z';"; cat bench/seed-ownership.sql; } | psql -q -d "$db" -v ON_ERROR_STOP=1
psql -q -d "$db" -c "vacuum analyze ledger.mt_events"
echo "seeded $rows ownership rows in $(echo "$(date +%s.%N) - $seed_start" | bc) s"

hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$service/status"; }
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$service/status"; }
echo "service after start: rss $(rss) MiB, peak $(hwm) MiB"

out="$(mktemp)"
for format in csv ndjson; do
  start=$(date +%s.%N)
  curl -sf -o "$out" "http://127.0.0.1:$port/v1/exports/ownership?format=$format&to=2027-01-01T00:00:00Z"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  lines=$(wc -l < "$out")
  printf 'ownership %-6s %d lines, %d MiB in %.2f s = %.0f rows/s; service rss %s MiB, peak %s MiB\n' \
    "$format" "$lines" $(( $(stat -c %s "$out") / 1048576 )) "$seconds" "$(echo "$rows / $seconds" | bc -l)" "$(rss)" "$(hwm)"
done
rm -f "$out"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(psql -tA -d postgres -c 'show server_version') PostgreSQL"
