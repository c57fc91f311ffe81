#!/usr/bin/env bash
# The web view's change page for a change of 500 events: signs in with the key as a browser does (the sign-in form
# and its antiforgery token, then the session cookie), then asks for the page N times one after another, as one
# reviewer would, and prints "p50 p99" in milliseconds. Used by bench/run.sh; runnable alone against a service:
#
#   bench/web.sh http://127.0.0.1:5080 "$CL_KEY" [requests]
set -euo pipefail
base="$1" key="$2" n="${3:-200}"
change="web-bench-$(date +%s%N)"
jar="$(mktemp)"; trap 'rm -f "$jar"' EXIT
post() { curl -sS -f -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$2" "$base$1"; }

post /v1/changes "{\"changeId\":\"$change\",\"repository\":\"github.com/bench/web\",\"title\":\"A change of 500 events\",\"headCommit\":\"h1\",\"owner\":\"alice\",\"submittedBy\":\"ci\",\"origin\":{\"kind\":\"human\"}}"
for i in $(seq 2 500); do
  outcome=$([[ $((i % 7)) == 0 ]] && echo failed || echo passed)
  post "/v1/changes/$change/validations" "{\"check\":\"check-$((i % 12))\",\"commit\":\"h1\",\"outcome\":\"$outcome\",\"runner\":\"ci\"}"
done

# Sign in as the form does: its antiforgery token and cookie, then the key exchanged for the session cookie.
token="$(curl -sS -f -c "$jar" "$base/signin" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -n 1)"
[[ -n "$token" ]] || { echo "bench/web.sh: no antiforgery token on /signin" >&2; exit 1; }
# The session cookie is Secure; over plain HTTP to 127.0.0.1 it is sent by hand, as a browser would on localhost.
session="$(curl -sS -b "$jar" -o /dev/null -D - --data-urlencode "key=$key" --data-urlencode "__RequestVerificationToken=$token" "$base/signin/key" \
  | sed -n 's/^[Ss]et-[Cc]ookie: \(changeledger=[^;]*\).*/\1/p' | tr -d '\r')"
[[ -n "$session" ]] || { echo "bench/web.sh: the key was not exchanged for a session" >&2; exit 1; }
status="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $session" "$base/changes/$change")"
[[ "$status" == 200 ]] || { echo "bench/web.sh: the change page answered $status" >&2; exit 1; }

for _ in $(seq 1 20); do curl -sS -o /dev/null -H "Cookie: $session" "$base/changes/$change"; done   # warm-up
for _ in $(seq 1 "$n"); do curl -sS -o /dev/null -w '%{time_total}\n' -H "Cookie: $session" "$base/changes/$change"; done \
  | sort -n | awk '{ t[NR] = $1 * 1000 } END { p50 = t[int(NR * 0.50 + 0.5)]; p99 = t[int(NR * 0.99 + 0.5)]; printf "%.1f %.1f\n", p50, p99 }'
