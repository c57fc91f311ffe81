#!/usr/bin/env bash
# The web view's change page for a change of 5,000 events (issue 31): signs in with the key as a browser does (the
# sign-in form and its antiforgery token, then the session cookie), then asks N times, one after another as one
# reviewer would, in turn for the page now, as of a version in the middle (a timeline row's link) and as of a moment;
# the key has the export role, so each page includes the integrity line. Prints "p50 p99" in milliseconds over all
# requests on stdout, and the same per kind of page on stderr. Used by bench/run.sh; runnable alone against a service:
#
#   bench/web.sh http://127.0.0.1:5080 "$CL_KEY" [requests] [events]
set -euo pipefail
base="$1" key="$2" n="${3:-300}" events="${4:-5000}"
change="web-bench-$(date +%s%N)"
jar="$(mktemp)"; times="$(mktemp)"; trap 'rm -f "$jar" "$times"' EXIT
post() { curl -sS -f -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$2" "$base$1"; }

post /v1/changes "{\"changeId\":\"$change\",\"repository\":\"github.com/bench/web\",\"title\":\"A change of $events events\",\"headCommit\":\"h1\",\"owner\":\"alice\",\"submittedBy\":\"ci\",\"origin\":{\"kind\":\"human\"}}"
# The rest through the batch endpoint, 500 items a request: check runs, and every 100th a hold placed or lifted.
i=2
while (( i <= events )); do
  batch="["; sep=""
  for (( j = 0; j < 500 && i <= events; j++, i++ )); do
    if (( i % 200 == 0 )); then item="{\"type\":\"hold_placed\",\"changeId\":\"$change\",\"kind\":\"manual\",\"reason\":\"bench\",\"placedBy\":\"carol\",\"holdId\":\"h$i\"}"
    elif (( i % 200 == 100 && i > 100 )); then item="{\"type\":\"hold_lifted\",\"changeId\":\"$change\",\"holdId\":\"h$((i - 100))\",\"liftedBy\":\"carol\",\"justification\":\"bench\"}"
    else
      outcome=$([[ $((i % 7)) == 0 ]] && echo failed || echo passed)
      item="{\"type\":\"validation_recorded\",\"changeId\":\"$change\",\"check\":\"check-$((i % 12))\",\"commit\":\"h1\",\"outcome\":\"$outcome\",\"runner\":\"ci\",\"runUrl\":\"https://ci.example/runs/$i\"}"
    fi
    batch+="$sep$item"; sep=","
  done
  post /v1/events "$batch]"
done

# Sign in as the form does: its antiforgery token and cookie, then the key exchanged for the session cookie.
token="$(curl -sS -f -c "$jar" "$base/signin" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -n 1)"
[[ -n "$token" ]] || { echo "bench/web.sh: no antiforgery token on /signin" >&2; exit 1; }
# The session cookie is Secure; over plain HTTP to 127.0.0.1 it is sent by hand, as a browser would on localhost.
session="$(curl -sS -b "$jar" -o /dev/null -D - --data-urlencode "key=$key" --data-urlencode "__RequestVerificationToken=$token" "$base/signin/key" \
  | sed -n 's/^[Ss]et-[Cc]ookie: \(changeledger=[^;]*\).*/\1/p' | tr -d '\r')"
[[ -n "$session" ]] || { echo "bench/web.sh: the key was not exchanged for a session" >&2; exit 1; }
moment="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
pages=("/changes/$change" "/changes/$change?atVersion=$((events / 2))" "/changes/$change?asOf=$moment")
kinds=(now at-version as-of)
for p in "${pages[@]}"; do
  status="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $session" "$base$p")"
  [[ "$status" == 200 ]] || { echo "bench/web.sh: $p answered $status" >&2; exit 1; }
done

for _ in $(seq 1 10); do for p in "${pages[@]}"; do curl -sS -o /dev/null -H "Cookie: $session" "$base$p"; done; done   # warm-up
for r in $(seq 0 $((n - 1))); do
  k=$((r % 3))
  printf '%s ' "${kinds[$k]}" >> "$times"
  curl -sS -o /dev/null -w '%{time_total}\n' -H "Cookie: $session" "$base${pages[$k]}" >> "$times"
done
percentiles() { sort -n | awk '{ t[NR] = $1 * 1000 } END { p50 = t[int(NR * 0.50 + 0.5)]; p99 = t[int(NR * 0.99 + 0.5)]; printf "%.1f %.1f\n", p50, p99 }'; }
for kind in "${kinds[@]}"; do echo "$kind: $(awk -v k="$kind" '$1 == k { print $2 }' "$times" | percentiles)" >&2; done
awk '{ print $2 }' "$times" | percentiles
