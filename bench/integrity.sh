#!/usr/bin/env bash
# Integrity benchmarks against fresh databases on the local cluster (deploy/local/postgres.sh):
#   1. append throughput with and without the hash chain, alternating in the same run (APPEND_STREAMS x 5 events);
#   2. whole-ledger verification speed over VERIFY_EVENTS chained events (default 1,000,000), seeded with COPY.
# Prints the figures docs/benchmarks.md records. Each step is bounded by `timeout`. STEPS=verify runs one step.
set -euo pipefail
cd "$(dirname "$0")/.."

streams="${APPEND_STREAMS:-2000}"
events="${VERIFY_EVENTS:-1000000}"
url="$(deploy/local/postgres.sh start)"
field() { echo "$url" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"

dotnet build bench/ChangeLedger.Bench -c Release --nologo -v quiet >/dev/null
bench=(dotnet bench/ChangeLedger.Bench/bin/Release/net10.0/ChangeLedger.Bench.dll)

for step in ${STEPS:-append verify}; do
  db="changeledger_bench_$step"
  psql -q -d postgres -c "drop database if exists $db with (force)" -c "create database $db"
  arg=$([[ $step == append ]] && echo "$streams 5" || echo "$events")
  # shellcheck disable=SC2086
  ConnectionStrings__Ledger="${url/Database=$(field Database)/Database=$db}" timeout 1200 "${bench[@]}" "$step" $arg
  psql -q -d postgres -c "drop database if exists $db with (force)"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), PostgreSQL $(psql -tA -d postgres -c 'show server_version')"
