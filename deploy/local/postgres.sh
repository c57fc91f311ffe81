#!/usr/bin/env bash
# A local PostgreSQL for ChangeLedger without Docker, using the machine's own initdb/pg_ctl.
#   deploy/local/postgres.sh start|stop|status|url
# The cluster lives under .local/pg (or $CHANGELEDGER_PG_ROOT), listens on 127.0.0.1 only, on a free port
# chosen once and kept, with a generated password. `start` and `url` print an Npgsql connection string.
# CHANGELEDGER_PG_OPTIONS adds server settings at start (e.g. "-c shared_preload_libraries=pg_stat_statements").
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
root="${CHANGELEDGER_PG_ROOT:-$repo_root/.local/pg}"
# As root the server runs as 'postgres', which must be able to reach the data folder. A clone under a private
# home (/root is 0700) is out of its reach, so the cluster then lives under /var/tmp, one per clone.
if [[ -z "${CHANGELEDGER_PG_ROOT:-}" && "$(id -u)" == "0" ]] && ! runuser -u postgres -- test -x "$repo_root" 2>/dev/null; then
  root="/var/tmp/changeledger-pg-$(printf '%s' "$repo_root" | sha1sum | cut -c1-12)"
fi
data="$root/data"
database="${CHANGELEDGER_PG_DATABASE:-changeledger}"

say() { echo "postgres.sh: $*" >&2; }

find_bin() {
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return; fi
  local candidate
  candidate="$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$candidate" ]]; then echo "$candidate"; return; fi
  say "no '$1' found. Install PostgreSQL (Debian: apt-get install -y postgresql) or set ConnectionStrings__Ledger."
  exit 1
}

# As root, PostgreSQL refuses to run: everything runs as the 'postgres' user, which owns the cluster.
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free port in 55432–55531; ports given as arguments are passed over (ones a server just failed to bind).
pick_port() {
  local port
  for port in $(seq 55432 55531); do
    if [[ " $* " != *" $port "* ]] && port_is_free "$port"; then echo "$port"; return; fi
  done
  say "no free port between 55432 and 55531"; exit 1
}

url() {
  echo "Host=127.0.0.1;Port=$(cat "$root/port");Database=$database;Username=postgres;Password=$(cat "$root/password")"
}

is_running() { [[ -f "$data/PG_VERSION" ]] && as_owner "$(find_bin pg_ctl)" status -D "$data" >/dev/null 2>&1; }

init_cluster() {
  local initdb; initdb="$(find_bin initdb)"
  mkdir -p "$root/run"
  [[ -f "$root/password" ]] || (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 > "$root/password")
  [[ -f "$root/port" ]] || pick_port > "$root/port"
  if [[ "$(id -u)" == "0" ]]; then chown -R postgres "$root"; fi
  say "initialising a cluster in $data"
  as_owner "$initdb" -D "$data" --data-checksums -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$root/password" -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
    || { cat "$root/initdb.log" >&2; exit 1; }
}

start() {
  if is_running; then url; return; fi
  [[ -f "$data/PG_VERSION" ]] || init_cluster
  local port attempt lines taken=""
  port="$(cat "$root/port")"
  # The port can be taken between the check and the server's bind (another cluster starting at the same moment): then
  # another free port, a few times; any other failure is one line naming the log, not pg_ctl's own output.
  for attempt in 1 2 3 4 5; do
    if ! port_is_free "$port"; then port="$(pick_port)"; echo "$port" > "$root/port"; fi
    lines=0; if [[ -f "$root/server.log" ]]; then lines="$(wc -l < "$root/server.log")"; fi
    if as_owner "$(find_bin pg_ctl)" start -D "$data" -w -t 60 -l "$root/server.log" \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $root/run -c max_connections=200 -c fsync=${CHANGELEDGER_PG_FSYNC:-on} ${CHANGELEDGER_PG_OPTIONS:-}" >/dev/null 2>&1; then
      break
    fi
    local attempt_log; attempt_log="$(tail -n +"$((lines + 1))" "$root/server.log" 2>/dev/null || true)"
    if grep -q 'could not bind\|could not create any TCP/IP sockets\|Address already in use' <<<"$attempt_log" && [[ $attempt -lt 5 ]]; then
      say "port $port was taken as the server started; trying another"
      taken="$taken $port"
      port="$(pick_port $taken)"; echo "$port" > "$root/port"
      continue
    fi
    local reason; reason="$(grep -m1 -E 'FATAL|PANIC' <<<"$attempt_log" | sed -E 's/^.*(FATAL|PANIC): +//' || true)"
    say "PostgreSQL did not start${reason:+: $reason}; see $root/server.log, or set ConnectionStrings__Ledger to a server of your own"
    exit 1
  done
  as_owner "$(find_bin psql)" -h "$root/run" -p "$port" -U postgres -d postgres -tAc \
    "select 1 from pg_database where datname = '$database'" | grep -q 1 \
    || as_owner "$(find_bin psql)" -h "$root/run" -p "$port" -U postgres -d postgres -qc "create database \"$database\"" >/dev/null
  say "PostgreSQL is up on 127.0.0.1:$port (data: $data)"
  url
}

stop() {
  if is_running; then as_owner "$(find_bin pg_ctl)" stop -D "$data" -m "${CHANGELEDGER_PG_STOP_MODE:-fast}" -w >/dev/null; say "stopped"; else say "not running"; fi
}

status() {
  if is_running; then say "running on 127.0.0.1:$(cat "$root/port") (data: $data)"; else say "not running"; return 3; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) if is_running; then url; else say "not running; use start"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
