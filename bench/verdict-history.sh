#!/usr/bin/env bash
# What a change's history of verdicts costs a release (issue 29): one change in a repository with every workflow rule
# on is refused HISTORY times (each to a new environment, as bench/rules.sh asks, so each verdict is recorded), then
# prints the change's stored document size and times SAMPLES more refused releases one at a time (one client, so the
# latency is the write's own), with the service's CPU per release, beside the same on a change with no history.
# GET …/release is timed too: it reads the verdict history from the events. Numbers that load hardly moves: the
# document's bytes and the service's CPU seconds a release.
#   bench/verdict-history.sh                       # HISTORY=1000 SAMPLES=100
set -euo pipefail
cd "$(dirname "$0")/.."

history="${HISTORY:-1000}" samples="${SAMPLES:-100}"
port="${BENCH_PORT:-5194}"
db="changeledger_bench_verdicts"
log=/tmp/changeledger-bench-verdicts.log
base="http://127.0.0.1:$port"
export Limits__RateLimit__PermitsPerSecond=1000000 Limits__RateLimit__Burst=1000000
source bench/seeded-service.sh
start_service
echo "service ready: $(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg)"

auth=(-H "Authorization: Bearer $key" -H 'Content-Type: application/json')
call() {  # METHOD PATH BODY: fails on a status other than 2xx
  local status; status="$(curl -sS -o /tmp/verdicts-answer -w '%{http_code}' -X "$1" "$base$2" "${auth[@]}" --data-binary "$3")"
  [[ "$status" == 2* ]] || { echo "bench/verdict-history.sh: $1 $2 answered $status: $(head -c 500 /tmp/verdicts-answer)" >&2; exit 1; }
}
call PUT /v1/repositories/github.com%2Fbench%2Fverdicts/policy '{"requiredChecks":["never-run"],"minApprovals":1,"setBy":"bench","withinDeclaredScope":true,"requireVerifiedReviewers":true,"attestations":{"testsPass":true},"criteriaCovered":{"verifiedReviewCounts":true},"validationFirst":"generated","sizeBudget":{"generated":{"maxChangedLines":400,"maxChangedFiles":20}}}'
for id in long short; do
  call POST /v1/changes "{\"changeId\":\"$id\",\"repository\":\"github.com/bench/verdicts\",\"title\":\"Retry captures\",\"headCommit\":\"a1b2c3d\",\"owner\":\"alice\",\"submittedBy\":\"ci-bot\",\"origin\":{\"kind\":\"generated\",\"tool\":\"claude-code\",\"requestedBy\":\"bob\"},\"scope\":{\"includes\":[\"src/**\"]},\"changedPaths\":[\"src/Retry.cs\"],\"size\":{\"changedFiles\":1,\"linesAdded\":12,\"linesRemoved\":3},\"acceptanceCriteria\":[\"retried at most 3 times\"]}"
done
# The history, in batches of 200 releases (each item is decided on the change as the items before it left it).
for start in $(seq 0 200 $((history - 1))); do
  end=$((start + 200 < history ? start + 200 : history))
  seq "$start" $((end - 1)) | jq -R '{type:"change_released",changeId:"long",environment:("h-"+.),version:"1.0.0",releasedBy:"bench"}' | jq -s . \
    | curl -sS -m 600 "${auth[@]}" --data-binary @- "$base/v1/events" >/tmp/verdicts-answer
done
recorded="$(psql -tA -d "$db" -c "select count(*) from ledger.mt_events where stream_id = 'long' and type = 'release_verdict_recorded'")"
[[ "$recorded" == "$history" ]] || { echo "bench/verdict-history.sh: $recorded verdicts recorded, not $history: $(head -c 500 /tmp/verdicts-answer)" >&2; exit 1; }

# time_releases ID: SAMPLES refused releases to ID, one at a time; prints "p50 p95 ms, CPU ms a release"
time_releases() {
  local before times; before="$(cpu)"; times="$(mktemp)"
  for n in $(seq 1 "$samples"); do
    curl -sS -o /dev/null -w '%{time_total}\n' "${auth[@]}" --data-binary "{\"environment\":\"t-$n\",\"version\":\"1.0.$n\",\"releasedBy\":\"bench\"}" "$base/v1/changes/$1/releases"
  done >"$times"
  sort -n "$times" | awk -v cpu="$(echo "($(cpu) - $before) * 1000 / $samples" | bc -l)" \
    '{ t[NR] = $1 * 1000 } END { printf "p50 %.1f ms, p95 %.1f ms, service CPU %.2f ms a release", t[int(NR * 0.5)], t[int(NR * 0.95)], cpu }'
  rm -f "$times"
}
time_reads() {  # ID: SAMPLES reads of GET …/release; prints "p50 ms, bytes"
  for n in $(seq 1 "$samples"); do curl -sS -o /dev/null -w '%{time_total} %{size_download}\n' "${auth[@]}" "$base/v1/changes/$1/release"; done \
    | sort -n | awk '{ t[NR] = $1 * 1000; b = $2 } END { printf "p50 %.1f ms (%d bytes)", t[int(NR * 0.5)], b }'
}
size() { psql -tA -d "$db" -c "select pg_column_size(data) || ' bytes stored (' || octet_length(data::text) || ' as text), ' || jsonb_array_length(data -> 'releaseRecord' -> 'verdicts') || ' verdicts in it' from ledger.mt_doc_change_record where id = '$1'"; }

echo "document after $history refused releases: $(size long); with none: $(size short)"
echo "a release on the change with $history verdicts: $(time_releases long)"
echo "a release on a change with none:        $(time_releases short)"
echo "GET …/release with $((history + samples)) verdicts: $(time_reads long)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
machine
