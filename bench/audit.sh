#!/usr/bin/env bash
# Audit benchmark: seeds RELEASES releases (default 1,000,000) over REPOSITORIES repositories (default 2,000) straight
# into a fresh database with bench/seed-releases.sql, runs the service (Release build), asks GET /v1/audits for the
# whole period as JSON and as CSV, and prints the time, the size and the service's resident memory before and after
# (VmRSS, peak VmHWM) and the CPU the service and PostgreSQL spent (what a quiet machine's wall time comes to: on
# a loaded one the wall time mostly measures the others' work). A checkpoint of the whole log (every seeded event is a leaf) is taken and timed first, as the
# schedule would have taken it, so the audits that follow read as of it instead of each taking one.
# Uses the local cluster (deploy/local/postgres.sh); the benchmark database is dropped afterwards.
#   RELEASES=20000 REPOSITORIES=200 bench/audit.sh     # a reduced run
set -euo pipefail
cd "$(dirname "$0")/.."

releases="${RELEASES:-1000000}"
repositories="${REPOSITORIES:-2000}"
port="${BENCH_PORT:-5192}"
db="changeledger_bench_audit"
log=/tmp/changeledger-bench-audit.log
source bench/seeded-service.sh
start_service

seed_start=$(date +%s.%N)
{ echo "set seed.releases = $releases; set seed.repositories = $repositories; set seed.start = '2026-01-01T00:00:00Z';"; cat bench/seed-releases.sql; } | psql -q -d "$db" -v ON_ERROR_STOP=1
psql -q -d "$db" -c "vacuum analyze ledger.mt_events"
echo "seeded $releases releases over $repositories repositories in $(echo "$(date +%s.%N) - $seed_start" | bc) s"

echo "service after start: rss $(rss) MiB, peak $(hwm) MiB"

start=$(date +%s.%N); cpu0=$(cpu)
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/integrity/checkpoints"
printf 'checkpoint of %d events in %.2f s (service cpu %.2f s); service rss %s MiB, peak %s MiB\n' "$((releases * 3))" "$(echo "$(date +%s.%N) - $start" | bc)" \
  "$(echo "$(cpu) - $cpu0" | bc)" "$(rss)" "$(hwm)"

out="$(mktemp)"
for format in json csv; do
  start=$(date +%s.%N); cpu0=$(cpu); pg0=$(pgcpu)
  curl -sf -o "$out" -H "Authorization: Bearer $key" \
    "http://127.0.0.1:$port/v1/audits?environment=prod&from=2025-01-01T00:00:00Z&to=2026-06-01T00:00:00Z&format=$format"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  service_cpu=$(echo "$(cpu) - $cpu0" | bc); pg_cpu=$(echo "$(pgcpu) - $pg0" | bc)
  printf 'audit %-4s %d releases, %d MiB in %.2f s = %.0f releases/s (cpu: service %.2f s, postgresql %.2f s = %.1f us a release); service rss %s MiB, peak %s MiB; load %s\n' \
    "$format" "$releases" $(( $(stat -c %s "$out") / 1048576 )) "$seconds" "$(echo "$releases / $seconds" | bc -l)" "$service_cpu" "$pg_cpu" \
    "$(echo "($service_cpu + $pg_cpu) * 1000000 / $releases" | bc -l)" "$(rss)" "$(hwm)" "$(cut -d' ' -f1 /proc/loadavg)"
done
rm -f "$out"
machine
