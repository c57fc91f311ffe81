#!/usr/bin/env bash
# Remakes the upgrade fixture: a ledger written through the HTTP API by the code checked out here, the answers a
# user would check on it, and a plain-SQL dump of the whole database (Wolverine's tables included).
#   tests/ChangeLedger.Tests/Fixtures/upgrade/make-fixture.sh [OUT_DIR MORE]
# Without arguments it writes exactly what it wrote at 9b5145f, into this folder. A later fixture (upgrade-<commit>/)
# passes its own folder and a file MORE that it sources: MORE may add service settings (more_settings, an array of
# NAME=value), and defines more_writes (run after the writes below, before the checkpoint) and more_captures (run
# after the captures below), so every fixture repeats the first one's ledger and adds what landed since.
# It starts a throwaway PostgreSQL cluster of its own (deploy/local/postgres.sh with a private
# CHANGELEDGER_PG_ROOT) and the service on a free port, and removes both when it ends. UpgradingALedger restores
# the dump under the code of the day and expects every answer in expected/ back.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
cd "$repo"
dest="$(mkdir -p "${1:-$here}" && cd "${1:-$here}" && pwd)"
more_settings=()
if [[ -n "${2:-}" ]]; then
  # shellcheck source=/dev/null
  source "$2"
fi

say() { echo "make-fixture: $*" >&2; }
fail() { say "$*"; exit 1; }

# --- a PostgreSQL and a service of our own -------------------------------------------------------------------
pg_root="$(mktemp -d /var/tmp/changeledger-upgrade-fixture.XXXXXX)"
chmod 755 "$pg_root"
export CHANGELEDGER_PG_ROOT="$pg_root"
export CHANGELEDGER_PG_DATABASE="changeledger_upgrade"
service_pid=""
work="$(mktemp -d)"
cleanup() {
  if [[ -n "$service_pid" ]]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  CHANGELEDGER_PG_STOP_MODE=immediate deploy/local/postgres.sh stop || true
  rm -rf "$pg_root" "$work"
}
trap cleanup EXIT
connection="$(deploy/local/postgres.sh start)"

# A key pair and a root key made for this fixture only: the test configures the code under test with both.
alphabet='abcdefghijklmnopqrstuvwxyz234567'
rand() { head -c 4096 /dev/urandom | LC_ALL=C tr -dc "$alphabet" | head -c "$1" || true; }
admin_key="cl_$(rand 12)_$(rand 52)"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/signing-key.pem" 2>/dev/null

port="$(for p in $(seq 5190 5290); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; break; }; done)"
CL="http://127.0.0.1:$port"
dotnet build src/ChangeLedger --nologo -v quiet
ConnectionStrings__Ledger="$connection" Access__BootstrapAdminKey="$admin_key" \
  Integrity__SigningKeyPem="$(cat "$work/signing-key.pem")" Integrity__CheckpointInterval=00:00:00 \
  ASPNETCORE_URLS="$CL" \
  env ${more_settings[@]+"${more_settings[@]}"} dotnet run --project src/ChangeLedger --no-build >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$CL/health/ready" >/dev/null 2>&1 && break
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log" >&2; fail "the service died on start"; }
  sleep 1
done
curl -fs "$CL/health/ready" >/dev/null || fail "the service did not become ready"

# --- writing ---------------------------------------------------------------------------------------------------
# call KEY METHOD PATH EXPECTED_STATUS [BODY]: fails the script on any other status; prints the answer.
call() {
  local key="$1" method="$2" path="$3" expected="$4" body="${5:-}" status
  local args=(-s -o "$work/answer" -w '%{http_code}' -X "$method" "$CL$path" -H "Authorization: Bearer $key")
  if [[ -n "$body" ]]; then args+=(-H 'Content-Type: application/json' --data-binary "$body"); fi
  status="$(curl "${args[@]}")"
  [[ "$status" == "$expected" ]] || fail "$method $path answered $status, not $expected: $(cat "$work/answer")"
  cat "$work/answer"
}
A="$admin_key"
issue() { call "$A" POST /v1/access/keys 201 "$1" | jq -r .key; }

CI=$(issue '{"name":"ci","roles":["ingest"],"repositories":["github.com/acme/*"]}')
GITLAB=$(issue '{"name":"gitlab-ci","roles":["ingest","review"],"repositories":["gitlab.com/beta/*"]}')
REVIEW=$(issue '{"name":"reviewers","roles":["review"],"repositories":["*"]}')
DEPLOY=$(issue '{"name":"deployer","roles":["release"],"repositories":["github.com/acme/*"],"expiresAt":"2099-01-01T00:00:00Z"}')
RELMGR=$(issue '{"name":"release-manager","roles":["release","override"],"repositories":["*"]}')
DASH=$(issue '{"name":"dashboard","roles":["read"],"repositories":["github.com/acme/payments"]}')
AUDIT=$(issue '{"name":"auditor","roles":["read","export"],"repositories":["*"],"expiresAt":"2099-06-30T12:00:00Z"}')
call "$DASH" GET /v1/changes 200 >/dev/null
dash_id="$(echo "$DASH" | cut -d_ -f2)"
call "$A" DELETE "/v1/access/keys/$dash_id?reason=dashboard%20retired" 200 >/dev/null
call "$DASH" GET /v1/changes 401 >/dev/null
# Two secrets kept so the test can check that a key issued before the upgrade still works and a revoked one does not.
printf 'ci\t%s\ndashboard (revoked)\t%s\n' "$CI" "$DASH" > "$work/issued-keys.tsv"

PAY=github.com%2Facme%2Fpayments
LED=github.com%2Facme%2Fledger
call "$A" PUT /v1/repositories/$PAY/policy 201 '{"requiredChecks":["unit-tests","lint"],"minApprovals":1,"setBy":"carol","reason":"payments needs tests and lint","occurredAt":"2026-03-01T08:00:00Z","eventId":"policy-pay-1"}' >/dev/null
call "$A" PUT /v1/repositories/$LED/policy 201 '{"requiredChecks":[],"minApprovals":0,"generatedChangesNeedHumanReview":false,"setBy":"carol","reason":"small repo","occurredAt":"2026-03-01T08:05:00Z"}' >/dev/null
# The same policy again is answered as it stands and records nothing.
call "$A" PUT /v1/repositories/$LED/policy 200 '{"requiredChecks":[],"minApprovals":0,"generatedChangesNeedHumanReview":false,"setBy":"carol","reason":"small repo","occurredAt":"2026-03-01T08:05:00Z"}' >/dev/null

# pay-101: generated, failed then passed checks, revised, a stale review and a self-review, a hold that refuses a
# release, lifted, released on a ready verdict, a smoke test after release, then handed over.
call "$CI" POST /v1/changes 201 '{"changeId":"pay-101","repository":"github.com/acme/payments","title":"Retry card captures on timeout","headCommit":"a1a1a1a","baseCommit":"9f8e7d6","owner":"alice","submittedBy":"ci-bot","origin":{"kind":"generated","tool":"claude-code","model":"claude-sonnet-4","promptRef":"prompts/101","sessionId":"s-101","requestedBy":"alice"},"scope":{"includes":["src/capture/**"],"excludes":["src/ledger/**"]},"acceptanceCriteria":["a timed-out capture is retried at most 3 times","no capture is retried after a decline"],"eventId":"run-101-propose","occurredAt":"2026-03-02T09:00:00Z"}' >/dev/null
# A retry of the same write (same eventId, same body) stores nothing and answers the first result.
[[ "$(call "$CI" POST /v1/changes 201 '{"changeId":"pay-101","repository":"github.com/acme/payments","title":"Retry card captures on timeout","headCommit":"a1a1a1a","baseCommit":"9f8e7d6","owner":"alice","submittedBy":"ci-bot","origin":{"kind":"generated","tool":"claude-code","model":"claude-sonnet-4","promptRef":"prompts/101","sessionId":"s-101","requestedBy":"alice"},"scope":{"includes":["src/capture/**"],"excludes":["src/ledger/**"]},"acceptanceCriteria":["a timed-out capture is retried at most 3 times","no capture is retried after a decline"],"eventId":"run-101-propose","occurredAt":"2026-03-02T09:00:00Z"}' | jq .replayed)" == "true" ]] || fail "the replay was not a replay"
call "$CI" POST /v1/changes/pay-101/validations 201 '{"check":"unit-tests","commit":"a1a1a1a","outcome":"passed","runner":"github-actions","command":"dotnet test","runUrl":"https://github.com/acme/payments/actions/runs/101","durationMs":48210,"logDigest":"sha256:0101","eventId":"run-101-unit","occurredAt":"2026-03-02T09:05:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-101/validations 201 '{"check":"lint","commit":"a1a1a1a","outcome":"failed","runner":"github-actions","eventId":"run-101-lint","occurredAt":"2026-03-02T09:06:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-101/reviews 201 '{"reviewer":"bob","decision":"revision_requested","commit":"a1a1a1a","comment":"lint fails","occurredAt":"2026-03-02T09:30:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-101/revisions 201 '{"headCommit":"b2b2b2b","revisedBy":"claude-code","summary":"fix lint","expectedVersion":4,"eventId":"run-102-revise","occurredAt":"2026-03-02T10:00:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-101/validations 201 '{"check":"unit-tests","commit":"b2b2b2b","outcome":"passed","runner":"github-actions","durationMs":47000,"eventId":"run-102-unit","occurredAt":"2026-03-02T10:05:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-101/validations 201 '{"check":"lint","commit":"b2b2b2b","outcome":"errored","runner":"github-actions","eventId":"run-102-lint","occurredAt":"2026-03-02T10:06:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-101/validations 201 '{"check":"lint","commit":"b2b2b2b","outcome":"passed","runner":"github-actions","eventId":"run-102-lint-retry","occurredAt":"2026-03-02T10:09:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-101/reviews 201 '{"reviewer":"alice","decision":"accepted","commit":"b2b2b2b","comment":"my own change, looks fine","occurredAt":"2026-03-02T10:20:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-101/reviews 201 '{"reviewer":"bob","decision":"accepted","commit":"b2b2b2b","comment":"retry bound is right","occurredAt":"2026-03-02T10:30:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-101/holds 201 '{"kind":"freeze","reason":"end-of-quarter freeze","placedBy":"dana","holdId":"q1-freeze","occurredAt":"2026-03-02T11:00:00Z"}' >/dev/null
call "$DEPLOY" POST /v1/changes/pay-101/releases 409 '{"environment":"prod","version":"2026.03.02-1","releasedBy":"deploy-bot","occurredAt":"2026-03-02T11:10:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-101/holds/q1-freeze/lift 201 '{"liftedBy":"dana","justification":"freeze ended","occurredAt":"2026-03-02T12:00:00Z"}' >/dev/null
call "$DEPLOY" POST /v1/changes/pay-101/releases 201 '{"environment":"prod","version":"2026.03.02-2","releasedBy":"deploy-bot","eventId":"deploy-101-prod","occurredAt":"2026-03-02T12:10:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-101/validations 201 '{"check":"smoke","commit":"b2b2b2b","outcome":"passed","runner":"argo","eventId":"smoke-101-prod","occurredAt":"2026-03-02T12:20:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-101/ownership 201 '{"to":"erin","by":"alice","reason":"alice moves to the platform team","occurredAt":"2026-03-03T09:00:00Z"}' >/dev/null

# The payments policy changes: from now on e2e is required too.
call "$A" PUT /v1/repositories/$PAY/policy 201 '{"requiredChecks":["unit-tests","lint","e2e"],"minApprovals":1,"generatedChangesNeedHumanReview":true,"setBy":"carol","reason":"e2e after INC-12","expectedVersion":1,"occurredAt":"2026-03-03T10:00:00Z"}' >/dev/null

# pay-102: a person's change, failing checks and only a self-review: released with an override.
call "$CI" POST /v1/changes 201 '{"changeId":"pay-102","repository":"github.com/acme/payments","title":"Hotfix: decline code mapping","headCommit":"c3c3c3c","owner":"dave","submittedBy":"dave","origin":{"kind":"human"},"occurredAt":"2026-03-03T10:30:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-102/validations 201 '{"check":"unit-tests","commit":"c3c3c3c","outcome":"failed","runner":"github-actions","occurredAt":"2026-03-03T10:35:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-102/reviews 201 '{"reviewer":"dave","decision":"accepted","commit":"c3c3c3c","occurredAt":"2026-03-03T10:40:00Z"}' >/dev/null
call "$DEPLOY" POST /v1/changes/pay-102/releases 409 '{"environment":"prod","version":"2026.03.03-hotfix","releasedBy":"deploy-bot","occurredAt":"2026-03-03T10:45:00Z"}' >/dev/null
call "$RELMGR" POST /v1/changes/pay-102/releases 201 '{"environment":"prod","version":"2026.03.03-hotfix","releasedBy":"frank","override":{"by":"frank","justification":"INC-13: declines mis-mapped in prod; tests fixed in pay-105"},"eventId":"override-102","occurredAt":"2026-03-03T10:50:00Z"}' >/dev/null

# pay-103: rejected; a release asked for anyway is refused and its verdict recorded.
call "$CI" POST /v1/changes 201 '{"changeId":"pay-103","repository":"github.com/acme/payments","title":"Rewrite the refund engine","headCommit":"d4d4d4d","owner":"alice","submittedBy":"ci-bot","origin":{"kind":"generated","tool":"copilot","requestedBy":"alice"},"occurredAt":"2026-03-03T11:00:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-103/reviews 201 '{"reviewer":"bob","decision":"rejected","commit":"d4d4d4d","comment":"too risky","occurredAt":"2026-03-03T11:30:00Z"}' >/dev/null
call "$RELMGR" POST /v1/changes/pay-103/releases 409 '{"environment":"staging","version":"0.1","releasedBy":"frank","override":{"by":"frank","justification":"try it on staging"},"occurredAt":"2026-03-03T11:40:00Z"}' >/dev/null

# pay-104: split into two; one child withdrawn, the other with a hold that expired and one that is open.
call "$CI" POST /v1/changes 201 '{"changeId":"pay-104","repository":"github.com/acme/payments","title":"Capture client and retries","headCommit":"e5e5e5e","owner":"alice","submittedBy":"ci-bot","origin":{"kind":"generated","tool":"claude-code","model":"claude-opus-4","requestedBy":"alice"},"scope":{"includes":["src/capture/**","src/retry/**"]},"occurredAt":"2026-03-03T12:00:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-104/reviews 201 '{"reviewer":"bob","decision":"split_requested","commit":"e5e5e5e","comment":"two changes in one","occurredAt":"2026-03-03T12:10:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-104/splits 201 '{"by":"bob","reason":"too big to review","children":[{"changeId":"pay-104a","title":"Extract capture client"},{"changeId":"pay-104b","title":"Move retries","scope":{"includes":["src/retry/**"]}}],"eventId":"split-104","occurredAt":"2026-03-03T12:20:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-104b/withdrawal 201 '{"by":"alice","reason":"superseded by pay-101","occurredAt":"2026-03-03T12:30:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-104a/holds 201 '{"kind":"incident","reason":"INC-14 under investigation","placedBy":"oncall-carol","holdId":"inc-14","expiresAt":"2026-03-03T14:00:00Z","occurredAt":"2026-03-03T13:00:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/pay-104a/holds 201 '{"kind":"manual","reason":"waiting for the DBA","placedBy":"dana","holdId":"dba","occurredAt":"2026-03-03T13:10:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-104a/holds 201 '{"kind":"policy","reason":"PCI review due","placedBy":"compliance-bot","holdId":"pci","expiresAt":"2099-01-01T00:00:00Z","occurredAt":"2026-03-03T13:20:00Z"}' >/dev/null
call "$CI" POST /v1/changes/pay-104a/validations 201 '{"check":"unit-tests","commit":"e5e5e5e","outcome":"skipped","runner":"github-actions","occurredAt":"2026-03-03T13:30:00Z"}' >/dev/null

# led-201: ledger repository, a light policy: released to staging and prod, owners rotate.
call "$CI" POST /v1/changes 201 '{"changeId":"led-201","repository":"github.com/acme/ledger","title":"Index the journal by posting date","headCommit":"f6f6f6f","baseCommit":"0a0a0a0","owner":"erin","submittedBy":"erin","origin":{"kind":"human"},"acceptanceCriteria":["month-end close under 5 minutes"],"occurredAt":"2026-03-04T08:00:00Z"}' >/dev/null
call "$CI" POST /v1/changes/led-201/validations 201 '{"check":"migrations","commit":"f6f6f6f","outcome":"passed","runner":"github-actions","occurredAt":"2026-03-04T08:10:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/led-201/reviews 201 '{"reviewer":"bob","decision":"accepted","commit":"f6f6f6f","occurredAt":"2026-03-04T08:20:00Z"}' >/dev/null
call "$DEPLOY" POST /v1/changes/led-201/releases 201 '{"environment":"staging","version":"5.0.0-rc1","releasedBy":"deploy-bot","occurredAt":"2026-03-04T08:30:00Z"}' >/dev/null
call "$DEPLOY" POST /v1/changes/led-201/releases 201 '{"environment":"prod","version":"5.0.0","releasedBy":"deploy-bot","occurredAt":"2026-03-04T09:00:00Z"}' >/dev/null
call "$DEPLOY" POST /v1/changes/led-201/releases 409 '{"environment":"prod","version":"5.0.0","releasedBy":"deploy-bot","occurredAt":"2026-03-04T09:05:00Z"}' >/dev/null
call "$CI" POST /v1/changes/led-201/ownership 201 '{"to":"gina","by":"erin","reason":"on leave","occurredAt":"2026-03-04T10:00:00Z"}' >/dev/null
call "$REVIEW" POST /v1/changes/led-201/ownership 201 '{"to":"erin","by":"gina","reason":"back from leave","occurredAt":"2026-03-05T10:00:00Z"}' >/dev/null

# A batch: a change written whole in one request, with one item refused.
call "$CI" POST /v1/events 200 '[
  {"type":"change_proposed","changeId":"led-202","repository":"github.com/acme/ledger","title":"Cap journal retries","headCommit":"1234abc","owner":"alice","submittedBy":"ci-bot","origin":{"kind":"generated","tool":"claude-code","requestedBy":"alice"},"eventId":"run-202-propose","occurredAt":"2026-03-05T11:00:00Z"},
  {"type":"validation_recorded","changeId":"led-202","check":"unit-tests","commit":"1234abc","outcome":"passed","runner":"gitlab-ci","eventId":"run-202-unit","occurredAt":"2026-03-05T11:05:00Z"},
  {"type":"hold_placed","changeId":"led-202","kind":"manual","reason":"waiting for security sign-off","placedBy":"dana","holdId":"sec-1","expiresAt":"2099-01-01T00:00:00Z","occurredAt":"2026-03-05T11:10:00Z"},
  {"type":"ownership_transferred","changeId":"led-202","to":"gina","by":"alice","reason":"gina owns the journal","occurredAt":"2026-03-05T11:15:00Z"},
  {"type":"review_decided","changeId":"led-999","reviewer":"bob","decision":"accepted","commit":"1234abc"}]' \
  | jq -e '.accepted == 4 and .refused == 1' >/dev/null || fail "the batch was not answered 4 accepted, 1 refused"

# CDEvents: a change created and a test run, in structured and batch mode.
cloudevent() { jq -c --arg change "$2" --arg id "$3" '.subject.id=$change | .context.id=$id
  | if .customData.changeId then .customData.changeId=$change else . end
  | {specversion:"1.0", id:.context.id, source:.context.source, type:.context.type, time:.context.timestamp,
     datacontenttype:"application/json", data:.}' "contracts/samples/cdevents/$1.json"; }
curl -fs -o /dev/null -X POST "$CL/v1/cdevents" -H "Authorization: Bearer $CI" -H 'Content-Type: application/cloudevents+json' \
  --data-binary "$(cloudevent change_created pay-301 evt-301-created)" || fail "the CDEvent was refused"
jq -cs '[.[0] | .data.customData.commit="c0ffee1" | .data.subject.id="case-run-301"]' <(cloudevent testcaserun_finished pay-301 evt-301-case) \
  | curl -fs -o "$work/answer" -X POST "$CL/v1/cdevents" -H "Authorization: Bearer $CI" -H 'Content-Type: application/cloudevents-batch+json' --data-binary @- \
  || fail "the CDEvents batch was refused"

# mob-401: another host, no policy (the default), withdrawn.
call "$GITLAB" POST /v1/changes 201 '{"changeId":"mob-401","repository":"gitlab.com/beta/mobile","title":"Dark mode","headCommit":"abcdef0","owner":"hana","submittedBy":"hana","origin":{"kind":"human"},"occurredAt":"2026-03-06T08:00:00Z"}' >/dev/null
call "$GITLAB" POST /v1/changes/mob-401/withdrawal 201 '{"by":"hana","reason":"design changed","eventId":"mob-401-withdraw","occurredAt":"2026-03-06T09:00:00Z"}' >/dev/null

if declare -F more_writes >/dev/null; then more_writes; fi

written_until="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
sleep 1
call "$A" POST /v1/integrity/checkpoints 201 >/dev/null
sleep 1
export_to="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"

# Nothing refused must have left a row behind that verification would report.
[[ "$(call "$A" GET /v1/integrity/verify 200 | jq .intact)" == "true" ]] || fail "the ledger does not verify: $(cat "$work/answer")"

# --- the answers a user would check -----------------------------------------------------------------------------
out="$work/expected"
mkdir -p "$out"
index="$out/index.tsv"
printf 'file\tstatus\tpath\n' > "$index"
# capture FILE PATH: the status and body of GET PATH with the root key.
capture() {
  local status
  status="$(curl -s -o "$out/$1" -w '%{http_code}' "$CL$2" -H "Authorization: Bearer $A")"
  [[ "$status" =~ ^(200|404)$ ]] || fail "GET $2 answered $status: $(cat "$out/$1")"
  printf '%s\t%s\t%s\n' "$1" "$status" "$2" >> "$index"
}
enc() { jq -rn --arg v "$1" '$v|@uri'; }

changes=(pay-101 pay-102 pay-103 pay-104 pay-104a pay-104b led-201 led-202 pay-301 mob-401)
# capture_change ID: every read of one change, now, at its middle version and as of that version's moment.
capture_change() {
  local id="$1" view version middle as_of
  for view in "" /ownership /evidence /release /trail; do
    capture "change.$id${view//\//.}.json" "/v1/changes/$id$view"
  done
  capture "change.$id.readiness.prod.json" "/v1/changes/$id/readiness?environment=prod"
  # The middle of the change's life: by version, and by the ledger's clock just after that event was recorded.
  version="$(jq .version "$out/change.$id.trail.json")"
  middle=$(( (version + 1) / 2 ))
  as_of="$(jq -r --argjson v "$middle" '.events[] | select(.version == $v) | .recordedAt' "$out/change.$id.trail.json")"
  for view in "" /ownership /evidence /release /trail; do
    capture "change.$id${view//\//.}.at-version-$middle.json" "/v1/changes/$id$view?atVersion=$middle"
    capture "change.$id${view//\//.}.as-of-version-$middle.json" "/v1/changes/$id$view?asOf=$(enc "$as_of")"
  done
  capture "change.$id.before-it-existed.json" "/v1/changes/$id?asOf=2020-01-01T00:00:00Z"
}
for id in "${changes[@]}"; do capture_change "$id"; done
capture change.led-201.readiness.staging.json "/v1/changes/led-201/readiness?environment=staging"
capture change.unknown.json /v1/changes/pay-999

capture list.all.json "/v1/changes?limit=500"
capture list.payments.json "/v1/changes?repository=github.com/acme/payments"
capture list.released.json "/v1/changes?status=released"
capture list.withdrawn.json "/v1/changes?status=withdrawn"
capture list.owner-alice.json "/v1/changes?owner=alice"
capture list.reviewer-bob.json "/v1/changes?reviewer=bob"
capture list.page-1.json "/v1/changes?limit=4"
capture list.page-2.json "/v1/changes?limit=4&cursor=$(jq -r .nextCursor "$out/list.page-1.json")"
pay_101_recorded="$(jq -r .recordedAt "$out/change.pay-101.json")"
pay_104_recorded="$(jq -r .recordedAt "$out/change.pay-104.json")"
capture list.since-until.json "/v1/changes?since=$(enc "$pay_101_recorded")&until=$(enc "$pay_104_recorded")"

capture policy.payments.json /v1/repositories/$PAY/policy
capture policy.payments.as-of-version-1.json "/v1/repositories/$PAY/policy?asOf=$(enc "$pay_101_recorded")"
capture policy.ledger.json /v1/repositories/$LED/policy
capture policy.mobile-default.json /v1/repositories/gitlab.com%2Fbeta%2Fmobile/policy
capture keys.json /v1/access/keys

window="since=2026-01-01T00:00:00Z&until=$(enc "$export_to")"
for person in alice bob dave erin gina; do capture "owner.$person.json" "/v1/owners/$person/changes?$window"; done

range="from=2026-01-01T00:00:00Z&to=$(enc "$export_to")"
capture export.trail.ndjson "/v1/exports/trail?$range&format=ndjson"
capture export.trail.payments.ndjson "/v1/exports/trail?$range&repository=github.com/acme/payments&format=ndjson"
capture export.trail.csv "/v1/exports/trail?$range&format=csv"
capture export.trail.csv.manifest.json "/v1/exports/trail/manifest?$range&format=csv"
capture export.ownership.csv "/v1/exports/ownership?$range"
capture export.ownership.csv.manifest.json "/v1/exports/ownership/manifest?$range&format=csv"
capture export.ownership.ndjson "/v1/exports/ownership?$range&repository=github.com/acme/*&format=ndjson"
capture integrity.public-key.json /v1/integrity/public-key
capture integrity.verify.json /v1/integrity/verify
capture integrity.verify.pay-101.json "/v1/integrity/verify?changeId=pay-101"

if declare -F more_captures >/dev/null; then more_captures; fi

# The CLI's offline check of the export the old code wrote, as a compliance officer would run it.
jq -r .publicKeyPem "$out/integrity.public-key.json" > "$work/public-key.pem"
dotnet run --project src/ChangeLedger.Cli -v quiet -- verify "$out/export.trail.ndjson" --public-key "$work/public-key.pem" >&2 \
  || fail "the trail export does not verify offline"

# --- the dump ---------------------------------------------------------------------------------------------------
kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=""
pg_bin() { command -v "$1" || ls -d /usr/lib/postgresql/*/bin/"$1" | sort -V | tail -n 1; }
PGPASSWORD="$(cat "$pg_root/password")" "$(pg_bin pg_dump)" -h 127.0.0.1 -p "$(cat "$pg_root/port")" -U postgres \
  --no-owner --no-privileges --format=plain "$CHANGELEDGER_PG_DATABASE" > "$work/ledger.sql"

rm -rf "$dest/expected" "$dest/ledger.sql.gz" "$dest/ledger.sql"
mv "$out" "$dest/expected"
cp "$work/signing-key.pem" "$dest/signing-key.pem"
echo "$admin_key" > "$dest/bootstrap-admin-key.txt"
cp "$work/issued-keys.tsv" "$dest/issued-keys.tsv"
if (( $(stat -c %s "$work/ledger.sql") > 1000000 )); then gzip -9n < "$work/ledger.sql" > "$dest/ledger.sql.gz"; else cp "$work/ledger.sql" "$dest/ledger.sql"; fi
cat > "$dest/made.txt" <<MADE
commit	$(git rev-parse HEAD)$(git diff --quiet HEAD -- src contracts || echo ' (with uncommitted changes)')
written until	$written_until
exports to	$export_to
postgres	$("$(pg_bin pg_dump)" --version)
MADE
say "done: $(du -sh "$dest" | cut -f1) in $dest"
