#!/usr/bin/env bash
# Audit benchmark: seeds RELEASES releases (default 1,000,000) over REPOSITORIES repositories (default 2,000) straight
# into a fresh database with bench/seed-releases.sql, runs the service (Release build), asks GET /v1/audits for the
# whole period as JSON and as CSV, and prints the time, the size and the service's resident memory before and after
# (VmRSS, peak VmHWM). The first audit takes a checkpoint of the whole log first (every seeded event is a leaf).
# Uses the local cluster (deploy/local/postgres.sh); the benchmark database is dropped afterwards.
#   RELEASES=20000 REPOSITORIES=200 bench/audit.sh     # a reduced run
set -euo pipefail
cd "$(dirname "$0")/.."

releases="${RELEASES:-1000000}"
repositories="${REPOSITORIES:-2000}"
port="${BENCH_PORT:-5192}"
db="changeledger_bench_audit"
url="$(deploy/local/postgres.sh start)"
field() { echo "$url" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"

psql -q -d postgres -c "drop database if exists $db with (force)" -c "create database $db"
dotnet build src/ChangeLedger -c Release --nologo -v quiet >/dev/null
key="cl_$(head -c 4000 /dev/urandom | LC_ALL=C tr -dc 'a-z2-7' | cut -c1-12)_$(head -c 4000 /dev/urandom | LC_ALL=C tr -dc 'a-z2-7' | cut -c1-52)"

ConnectionStrings__Ledger="${url/Database=$(field Database)/Database=$db}" ASPNETCORE_URLS="http://127.0.0.1:$port" Access__BootstrapAdminKey="$key" \
  Logging__LogLevel__Default=Warning Database__ApplySchemaAtStart=true dotnet src/ChangeLedger/bin/Release/net10.0/ChangeLedger.dll >/tmp/changeledger-bench-audit.log 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true; wait $service 2>/dev/null || true; psql -q -d postgres -c "drop database if exists $db with (force)"' EXIT
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.5; done

seed_start=$(date +%s.%N)
{ echo "set seed.releases = $releases; set seed.repositories = $repositories; set seed.start = '2026-01-01T00:00:00Z';"; cat bench/seed-releases.sql; } | psql -q -d "$db" -v ON_ERROR_STOP=1
psql -q -d "$db" -c "vacuum analyze ledger.mt_events"
echo "seeded $releases releases over $repositories repositories in $(echo "$(date +%s.%N) - $seed_start" | bc) s"

hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$service/status"; }
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$service/status"; }
echo "service after start: rss $(rss) MiB, peak $(hwm) MiB"

out="$(mktemp)"
for format in json csv; do
  start=$(date +%s.%N)
  curl -sf -o "$out" -H "Authorization: Bearer $key" \
    "http://127.0.0.1:$port/v1/audits?environment=prod&from=2025-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&format=$format"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  printf 'audit %-4s %d releases, %d MiB in %.2f s = %.0f releases/s; service rss %s MiB, peak %s MiB\n' \
    "$format" "$releases" $(( $(stat -c %s "$out") / 1048576 )) "$seconds" "$(echo "$releases / $seconds" | bc -l)" "$(rss)" "$(hwm)"
done
rm -f "$out"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(psql -tA -d postgres -c 'show server_version') PostgreSQL"
