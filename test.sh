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
status=0
# A TRX file per test assembly as well as the console: it is where the reason of each skipped test can be read.
dotnet test ChangeLedger.sln --nologo --logger trx --results-directory "$trx" "$@" 2>&1 | tee "$log" || status=$?

# The docs-check runs the README's tour and every `console` example in docs/ against a fresh service (./run.sh on a
# free port, its own database), so documentation that drifts from the service fails the build. Skipped when
# arguments narrow the run (./test.sh --filter …) or with CHANGELEDGER_DOCS_CHECK=0.
if [[ $# -eq 0 && "${CHANGELEDGER_DOCS_CHECK:-1}" != "0" ]]; then
  python3 tests/docs/check.py 2>&1 | tee -a "$log" || status=$?
else
  echo "test.sh: docs-check skipped (arguments given or CHANGELEDGER_DOCS_CHECK=0)"
fi

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
PY
rm -rf "$log" "$trx"
exit "$status"
