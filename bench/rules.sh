#!/usr/bin/env bash
# Workflow rules benchmark (issue 29): what a validation write and a release cost with every workflow rule on, against
# the same with none. One service (Release build, a fresh database) and two repositories with the same changes:
#   rules-off: the policy requires one check that never runs and one approval, so every release is refused;
#   rules-on:  the same, plus criteria-covered, validation-first, within-size-budget, code-owners-approved (with a
#              CODEOWNERS file), within-declared-scope, verified reviewers, an attestation rule, and a freeze window
#              on the environment the releases are not sent to (the rule still reads the windows of each).
# Every change is generated, with two acceptance criteria, a recorded size, changed paths inside its declared scope,
# and five passing checks. Phases (wrk, bench/wrk): validation writes (single.lua) and releases (release.lua, each to
# a new environment, so each is judged and its refusal recorded with its verdict), each phase run against rules-off
# and rules-on in turn, ROUNDS times, after a warm-up of each. Prints the rates and their ratio (on / off).
#   bench/rules.sh                         # ROUNDS=3, PHASE_S=20
#   ROUNDS=1 PHASE_S=5 bench/rules.sh      # a quick check of the script
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${ROUNDS:-3}" phase_s="${PHASE_S:-20}" clients="${CLIENTS:-8}" per=128 threads=2
port="${BENCH_PORT:-5193}"
db="changeledger_bench_rules"
log=/tmp/changeledger-bench-rules.log
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "bench/rules.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
# The rate limit would answer most of these requests 429: raised as bench/run.sh raises it.
export Limits__RateLimit__PermitsPerSecond=1000000 Limits__RateLimit__Burst=1000000
source bench/seeded-service.sh
start_service

call() {  # METHOD PATH BODY: fails on a status other than 2xx
  local status; status="$(curl -sS -o /tmp/rules-answer -w '%{http_code}' -X "$1" "$base$2" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "$3")"
  [[ "$status" == 2* ]] || { echo "bench/rules.sh: $1 $2 answered $status: $(head -c 500 /tmp/rules-answer)" >&2; exit 1; }
}
call PUT /v1/repositories/github.com%2Fbench%2Frules-off/policy '{"requiredChecks":["never-run"],"minApprovals":1,"setBy":"bench"}'
call PUT /v1/repositories/github.com%2Fbench%2Frules-on/policy '{"requiredChecks":["never-run"],"minApprovals":1,"setBy":"bench",
  "withinDeclaredScope":true,"requireVerifiedReviewers":true,"attestations":{"testsPass":true},
  "criteriaCovered":{"verifiedReviewCounts":true},"validationFirst":"generated",
  "sizeBudget":{"generated":{"maxChangedLines":400,"maxChangedFiles":20}},"codeOwnersApproved":true}'
call PUT /v1/repositories/github.com%2Fbench%2Frules-on/code-owners "$(jq -n '{dialect:"github",setBy:"bench",file:"*  @alice\nsrc/ @bench/payments @carol\n"}')"
call PUT /v1/environments/prod/freeze-windows/weekend '{"timeZone":"Europe/Berlin","weekly":{"days":["sat","sun"],"start":"00:00","end":"23:59"},"reason":"no weekend releases"}'

# The same changes in both repositories: validations go to <repo>-v-<thread>-<k>, releases to <repo>-r-<thread>-<k>.
items="$(mktemp)"
for repo in rules-off rules-on; do
  for phase in v r w; do for t in $(seq 0 $((threads - 1))); do for k in $(seq 0 $((per - 1))); do
    id="$repo-$phase-$t-$k"
    printf '{"type":"change_proposed","changeId":"%s","repository":"github.com/bench/%s","title":"Retry captures","headCommit":"a1b2c3d","baseCommit":"0f0f0f0","owner":"alice","submittedBy":"ci-bot","origin":{"kind":"generated","tool":"claude-code","requestedBy":"bob"},"scope":{"includes":["src/**"]},"changedPaths":["src/capture/Retry.cs","src/capture/Policy.cs","src/capture/RetryTests.cs"],"size":{"changedFiles":3,"linesAdded":120,"linesRemoved":30},"acceptanceCriteria":["a timed-out capture is retried at most 3 times","no capture is retried after a decline"]}\n' "$id" "$repo"
    for check in 0 1 2 3 4; do
      printf '{"type":"validation_recorded","changeId":"%s","check":"check-%d","commit":"a1b2c3d","outcome":"passed","runner":"github-actions"}\n' "$id" "$check"
    done
  done; done; done
done >"$items"
dir="$(mktemp -d)"; split -l 480 "$items" "$dir/part-"
for part in "$dir"/part-*; do
  { echo "["; paste -sd, "$part"; echo "]"; } | curl -sS -m 600 -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary @- "$base/v1/events" >"$part.answer"
  grep -q "\"refused\":0" "$part.answer" || { echo "bench/rules.sh: seeding refused items: $(head -c 600 "$part.answer")" >&2; exit 1; }
done
rm -rf "$dir" "$items"

# run_wrk NAME SECONDS SCRIPT ARGS…: prints "rps non2xx" of the phase; RESULT lines kept in $out.
out="$(mktemp -d)"
run_wrk() {
  local name="$1" seconds="$2" script="$3"; shift 3
  wrk -t "$threads" -c "$clients" -d "${seconds}s" --timeout 30s -s "bench/wrk/$script" "$base" -- "$@" >"$out/$name.log" 2>&1
  grep '^RESULT' "$out/$name.log" >"$out/$name.result" || { echo "bench/rules.sh: wrk $name printed no result: $(tail -n 5 "$out/$name.log")" >&2; exit 1; }
}
value() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" "$out/$1.result"; }

for repo in rules-off rules-on; do
  run_wrk "warm-v-$repo" "$phase_s" single.lua "$key" "$repo-w" "$per" "w$repo"
  run_wrk "warm-r-$repo" "$phase_s" release.lua "$key" "$repo-w" "$per" "warm"
done
for round in $(seq 1 "$rounds"); do
  for repo in rules-off rules-on; do
    run_wrk "v$round-$repo" "$phase_s" single.lua "$key" "$repo-v" "$per" "v$round$repo"
    run_wrk "r$round-$repo" "$phase_s" release.lua "$key" "$repo-r" "$per" "r$round"
  done
done

summary() {  # KIND: mean rps over the rounds per repository, and the ratio
  local kind="$1" off=0 on=0 p99off=0 p99on=0
  for round in $(seq 1 "$rounds"); do
    off=$(echo "$off + $(value "$kind$round-rules-off" rps)" | bc -l); on=$(echo "$on + $(value "$kind$round-rules-on" rps)" | bc -l)
    p99off=$(echo "$p99off + $(value "$kind$round-rules-off" p99)" | bc -l); p99on=$(echo "$p99on + $(value "$kind$round-rules-on" p99)" | bc -l)
  done
  printf '%s: rules off %.0f req/s (p99 %.1f ms), rules on %.0f req/s (p99 %.1f ms): on / off = %.3f (cost %+.1f %%)\n' "$2" \
    "$(echo "$off / $rounds" | bc -l)" "$(echo "$p99off / $rounds" | bc -l)" "$(echo "$on / $rounds" | bc -l)" "$(echo "$p99on / $rounds" | bc -l)" \
    "$(echo "$on / $off" | bc -l)" "$(echo "($off / $on - 1) * 100" | bc -l)"
}
for round in $(seq 1 "$rounds"); do for repo in rules-off rules-on; do
  [[ "$(value "v$round-$repo" non2xx)" == 0 ]] || { echo "bench/rules.sh: validation writes were refused: $(cat "$out/v$round-$repo.result")" >&2; exit 1; }
  [[ "$(value "r$round-$repo" s201)" == 0 && "$(value "r$round-$repo" s409)" == "$(value "r$round-$repo" requests)" ]] \
    || { echo "bench/rules.sh: a release was not refused as the policy says: $(cat "$out/r$round-$repo.result")" >&2; exit 1; }
done; done
summary v "validation writes, $clients clients"
summary r "releases (each refused and recorded), $clients clients"
for round in $(seq 1 "$rounds"); do for repo in rules-off rules-on; do
  echo "  round $round $repo: validations $(value "v$round-$repo" rps) req/s ($(value "v$round-$repo" non2xx) non-2xx); releases $(value "r$round-$repo" rps) req/s ($(value "r$round-$repo" s409) refused, $(value "r$round-$repo" s201) released)"
done; done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
machine
rm -rf "$out"
