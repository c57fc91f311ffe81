#!/usr/bin/env bash
# What a checkpoint costs now that it commits to every repository's release log (issue 30.3): seeds RELEASES releases
# (default 100,000) over REPOSITORIES repositories (default 2,000) with bench/seed-releases.sql, takes the first
# checkpoint (which reads every release once, as after an upgrade), then seeds CHANGED releases (default 200) over the
# first CHANGED_REPOSITORIES repositories (default 20) and takes another (it extends only those logs, but hashes every
# head into the heads tree), then one with nothing new. Prints each checkpoint's wall time and the service's CPU.
#   RELEASES=20000 bench/checkpoint-heads.sh     # a reduced run
set -euo pipefail
cd "$(dirname "$0")/.."
releases="${RELEASES:-100000}"
repositories="${REPOSITORIES:-2000}"
changed="${CHANGED:-200}"
changed_repositories="${CHANGED_REPOSITORIES:-20}"
port="${BENCH_PORT:-5195}"
db="changeledger_bench_heads"
log=/tmp/changeledger-bench-heads.log
source bench/seeded-service.sh
start_service
seed() { { echo "set seed.releases = $1; set seed.repositories = $2; set seed.start = '$3';"; sed "s/'rel-'/'$4'/g" bench/seed-releases.sql; } | psql -q -d "$db" -v ON_ERROR_STOP=1; }
checkpoint() {
  local start cpu0 answer
  start=$(date +%s.%N); cpu0=$(cpu)
  answer="$(curl -sf -X POST -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/integrity/checkpoints")"
  printf '%s: %.2f s (service cpu %.2f s); %s; load %s\n' "$1" "$(echo "$(date +%s.%N) - $start" | bc)" "$(echo "$(cpu) - $cpu0" | bc)" \
    "$(echo "$answer" | jq -r '.note' | sed -n 4p)" "$(cut -d' ' -f1 /proc/loadavg)"
}
seed "$releases" "$repositories" 2026-01-01T00:00:00Z rel-
psql -q -d "$db" -c "vacuum analyze ledger.mt_events"
checkpoint "first checkpoint, $releases releases over $repositories repositories (every release read)"
seed "$changed" "$changed_repositories" 2026-06-01T00:00:00Z more-
checkpoint "next checkpoint, $changed releases in $changed_repositories of $repositories repositories"
checkpoint "next checkpoint, nothing new ($repositories heads hashed)"
machine
