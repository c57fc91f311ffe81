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
log=/tmp/changeledger-bench-export.log
source bench/seeded-service.sh
start_service

seed_start=$(date +%s.%N)
{ echo "set seed.streams = $streams; set seed.start = '2026-01-01T00:00:00Z';"; cat bench/seed-ownership.sql; } | psql -q -d "$db" -v ON_ERROR_STOP=1
psql -q -d "$db" -c "vacuum analyze ledger.mt_events"
echo "seeded $rows ownership rows in $(echo "$(date +%s.%N) - $seed_start" | bc) s"

echo "service after start: rss $(rss) MiB, peak $(hwm) MiB"

out="$(mktemp)"
for format in csv ndjson; do
  start=$(date +%s.%N)
  curl -sf -o "$out" -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/exports/ownership?format=$format&to=2027-01-01T00:00:00Z"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  lines=$(wc -l < "$out")
  printf 'ownership %-6s %d lines, %d MiB in %.2f s = %.0f rows/s; service rss %s MiB, peak %s MiB\n' \
    "$format" "$lines" $(( $(stat -c %s "$out") / 1048576 )) "$seconds" "$(echo "$rows / $seconds" | bc -l)" "$(rss)" "$(hwm)"
done
rm -f "$out"
machine
