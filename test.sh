#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL.
# Uses CHANGELEDGER_TEST_DB when set; otherwise starts the local cluster (deploy/local/postgres.sh) and
# stops it again afterwards if this script started it. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

started=""
if [[ -z "${CHANGELEDGER_TEST_DB:-}" ]]; then
  if ! deploy/local/postgres.sh status >/dev/null 2>&1; then started=yes; fi
  CHANGELEDGER_TEST_DB="$(deploy/local/postgres.sh start)"
  export CHANGELEDGER_TEST_DB
  if [[ -n "$started" ]]; then trap 'deploy/local/postgres.sh stop' EXIT; fi
fi
echo "test.sh: tests use PostgreSQL at $(echo "$CHANGELEDGER_TEST_DB" | sed -E 's/Password=[^;]*/Password=***/')"

log="$(mktemp)"
trx="$(mktemp -d)"
runs="$(mktemp -d)"
status=0
began=$SECONDS
elapsed() { local s=$(( SECONDS - $1 )); printf '%d min %02d s' $(( s / 60 )) $(( s % 60 )); }

# About 10 minutes on 2 cores: the build, then two lanes side by side: ChangeLedger.Tests (the longest) in one; the
# reliability suite and, once it is done, the docs-check in the other. The docs-check runs the README's tour and every
# `console` example in docs/ against a fresh service (./run.sh on a free port, its own database), so documentation
# that drifts from the service fails the build; it is skipped when arguments narrow the run (./test.sh --filter …) or
# with CHANGELEDGER_DOCS_CHECK=0. One line as each starts and ends, and one a minute while they run.
echo "test.sh: building the solution"
if ! dotnet build ChangeLedger.sln --nologo -v quiet >"$runs/build.log" 2>&1; then
  cat "$runs/build.log"; echo "test.sh: the build failed (above)"; exit 1
fi
echo "test.sh: built in $(elapsed "$began")"
docs_check=""
if [[ $# -eq 0 && "${CHANGELEDGER_DOCS_CHECK:-1}" != "0" ]]; then docs_check=yes; else echo "test.sh: docs-check skipped (arguments given or CHANGELEDGER_DOCS_CHECK=0)"; fi
jobs_began=$SECONDS
run_suite() {
  # A TRX file per test assembly as well as the console: it is where the reason of each skipped test can be read.
  if dotnet test "tests/$1" --no-build --nologo --logger trx --results-directory "$trx" "${@:2}" >"$runs/$1.log" 2>&1
  then echo 0 >"$runs/$1.rc"; else echo $? >"$runs/$1.rc"; fi
}
run_suite ChangeLedger.Tests "$@" &
echo "test.sh: ChangeLedger.Tests started"
( run_suite ChangeLedger.ReliabilityTests "$@"
  if [[ -n "$docs_check" ]]; then
    if python3 tests/docs/check.py >"$runs/docs-check.log" 2>&1; then echo 0 >"$runs/docs-check.rc"; else echo $? >"$runs/docs-check.rc"; fi
  fi ) &
echo "test.sh: ChangeLedger.ReliabilityTests started${docs_check:+, then the docs-check}"
pending=(ChangeLedger.Tests ChangeLedger.ReliabilityTests ${docs_check:+docs-check})
summary() {
  if [[ "$1" == docs-check ]]; then grep -Eo '^docs-check: [0-9]+ passed, [0-9]+ failed$' "$runs/$1.log" | tail -n 1 || echo 'no summary'
  else grep -Eo '(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$runs/$1.log" | tail -n 1 || echo 'no summary'; fi
}
while [[ ${#pending[@]} -gt 0 ]]; do
  for _ in $(seq 60); do
    sleep 1
    still=()
    for job in "${pending[@]}"; do
      if [[ -f "$runs/$job.rc" ]]; then
        cat "$runs/$job.log" | tee -a "$log"
        [[ "$(cat "$runs/$job.rc")" == 0 ]] || status=1
        echo "test.sh: $job finished in $(elapsed "$jobs_began") ($(summary "$job"))"
      else
        still+=("$job")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [[ ${#pending[@]} -gt 0 ]] || break
  done
  [[ ${#pending[@]} -eq 0 ]] || echo "test.sh: $(elapsed "$began") so far; still running: ${pending[*]}"
done
wait

# One plain closing line with the totals over every test assembly and the docs-check.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     /^docs-check: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
     END { gsub(",", "", p); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
# Why the skipped ones were skipped (tests over third-party data skip where ../shared/vendor is absent), one line a reason.
python3 - "$trx" <<'PY'
import collections, pathlib, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
reasons = collections.Counter()
for file in pathlib.Path(sys.argv[1]).glob("*.trx"):
    for result in ET.parse(file).getroot().iterfind(".//t:UnitTestResult[@outcome='NotExecuted']", ns):
        message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
        reasons[(message.text or "").strip() if message is not None else "no reason given"] += 1
for reason, count in sorted(reasons.items()):
    print(f"tests: {count} skipped: {reason}")
# Where the time went: the test classes that held a runner thread longest, from their first test's start to their
# last test's end (a class's fixture, built before its first test, is not in it). What to shorten first.
import re
from datetime import datetime
spans = {}
for file in pathlib.Path(sys.argv[1]).glob("*.trx"):
    root = ET.parse(file).getroot()
    classes = {t.get("id"): t.find("t:TestMethod", ns).get("className") for t in root.iterfind(".//t:UnitTest", ns)}
    for result in root.iterfind(".//t:UnitTestResult", ns):
        if not result.get("startTime") or not result.get("endTime"): continue
        start, end = (datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", result.get(k))) for k in ("startTime", "endTime"))
        name = classes.get(result.get("testId"), "?")
        first, last = spans.get(name, (start, end))
        spans[name] = (min(first, start), max(last, end))
for name, (first, last) in sorted(spans.items(), key=lambda kv: kv[1][0] - kv[1][1])[:8]:
    print(f"test.sh: {(last - first).total_seconds():6.0f} s  {name}")
PY
echo "test.sh: done in $(elapsed "$began")"
rm -rf "$log" "$trx" "$runs"
exit "$status"
