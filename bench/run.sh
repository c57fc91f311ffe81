#!/usr/bin/env bash
# The whole benchmark in one run, on one machine and one PostgreSQL cluster, so every figure sits next to the
# baseline it is judged against (issue 12):
#   - a throwaway PostgreSQL (deploy/local/postgres.sh, CHANGELEDGER_PG_ROOT under /var/tmp) with fsync and
#     synchronous_commit on, and pg_stat_statements preloaded;
#   - the service published in Release and run from its dll, with a generated root key and the rate limit raised;
#   - baselines A (pgbench: one JSONB event row per transaction, 16 clients) and B (COPY of 200,000 event rows);
#   - cold start, idle CPU, statements and round trips per write, single writes (16 clients, own changes), one busy
#     change (8 clients), batches of 500 and of 100 over 50 changes, writes and evidence reads on changes of 10, 1,000
#     and 10,000 events (one client), single-change reads (wrk and the Lua scripts in bench/wrk, after a warm-up),
#     the web view's change page for a change of 5,000 events, now, as of a version and as of a moment (bench/web.sh),
#     export and verification of 1,000,000 seeded events (bench/ChangeLedger.Bench seed) in a second database, and
#     the CDEvents conformance check per event beside parsing it (bench/ChangeLedger.Bench schemas; needs the
#     specification's examples in ../shared/vendor, left out of the table when they are absent).
# Prints a table and writes it into docs/benchmarks.md between the bench/run.sh markers. Everything it starts is
# stopped on exit. A full run takes about 11 minutes on 2 cores (bound: 15).
#
#   bench/run.sh                    # the full run
#   BENCH_QUICK=1 bench/run.sh      # every phase a few seconds, 50,000 seeded events, docs left alone: checks the script
#
# Settings: BENCH_PORT (5290), BENCH_LOG_DIR (a new /tmp folder; logs and the per-write statement profile stay there),
# BENCH_WRITE_DOCS (1 for a full run, 0 for a quick one), BENCH_NOTE (a line printed under the table, e.g. the
# machine's state), BENCH_EVENTS (seeded events for export and verification).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
run_started=$(date +%s.%N)

quick="${BENCH_QUICK:-0}"
if [[ "$quick" == 1 ]]; then
  settle_s=2 idle_s=5 warm_single=4 warm_one=2 warm_batch=3 warm_read=2 pgbench_s=5 burst_s=3 single_s=5 one_s=5 batch_s=5 read_s=5 history_s=3
  events="${BENCH_EVENTS:-50000}" per_thread=32 batch_sets=2 write_docs="${BENCH_WRITE_DOCS:-0}"
else
  settle_s=10 idle_s=60 warm_single=30 warm_one=10 warm_batch=10 warm_read=10 pgbench_s=30 burst_s=10 single_s=30 one_s=20 batch_s=30 read_s=20 history_s=10
  events="${BENCH_EVENTS:-1000000}" per_thread=256 batch_sets=20 write_docs="${BENCH_WRITE_DOCS:-1}"
fi
copy_rows=200000
threads=2             # wrk threads; the Lua scripts name changes by thread, so seeding uses the same number
single_clients=16 one_clients=8 batch_clients=4 read_clients=16
batch_size=500 batch_width=50 read_changes=200
small_batch_size=100   # the many-changes shape: 100 items over the same 50 changes, two each (a backfill, an importer)
history_sizes=(10 1000 10000)   # a write and an evidence read on changes this long (a CI matrix re-running for months)
port="${BENCH_PORT:-5290}"
base="http://127.0.0.1:$port"
logs="${BENCH_LOG_DIR:-$(mktemp -d /tmp/changeledger-bench.XXXXXX)}"
mkdir -p "$logs"
work="$(mktemp -d /tmp/changeledger-bench-work.XXXXXX)"
pg_root="$(mktemp -d /var/tmp/changeledger-bench-pg.XXXXXX)"
db=changeledger_bench db_seeded=changeledger_bench_seeded
run_id="$(date +%H%M%S)"

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$logs/run.log" >&2; }
die() { say "bench/run.sh: $*"; exit 1; }
elapsed() { echo "$(date +%s.%N) - $1" | bc; }

# ---------------------------------------------------------------------------------------------- tools
as_root() { if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo -n "$@"; fi; }
apt_install() {
  say "installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$logs/apt.log" 2>&1 \
    || { as_root apt-get update -qq >>"$logs/apt.log" 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$logs/apt.log" 2>&1; } \
    || die "could not install $* (see $logs/apt.log)"
}
pg_bin() { command -v "$1" 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1; }
command -v wrk >/dev/null || apt_install wrk
[[ -n "$(pg_bin pgbench)" ]] || apt_install postgresql-client
[[ -n "$(pg_bin pgbench)" ]] || apt_install postgresql-contrib
[[ -n "$(ls /usr/share/postgresql/*/extension/pg_stat_statements.control 2>/dev/null)" ]] || apt_install postgresql-contrib
for tool in dotnet curl bc awk ss; do command -v "$tool" >/dev/null || die "'$tool' is needed"; done
pgbench="$(pg_bin pgbench)"
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && die "port $port is in use; set BENCH_PORT"

# ---------------------------------------------------------------------------------------------- cleanup
service=""
pg_started=""
child=""
# Runs a long step in the background and waits for it, so a TERM reaches the trap at once and the trap can stop the
# step by its id (a foreground child would hold the trap back until it ended by itself).
bounded() {
  local seconds=$1; shift
  timeout "$seconds" "$@" & child=$!
  local status=0; wait "$child" || status=$?
  child=""
  return "$status"
}
stop_service() {
  [[ -n "$service" ]] || return 0
  kill -TERM "$service" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$service" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$service" 2>/dev/null || true
  wait "$service" 2>/dev/null || true
  service=""
}
cleanup() {
  local status=$?
  set +e
  if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; fi
  stop_service
  if [[ -n "$pg_started" ]]; then CHANGELEDGER_PG_ROOT="$pg_root" deploy/local/postgres.sh stop >/dev/null 2>&1; fi
  rm -rf "$pg_root" "$work"
  [[ $status == 0 ]] || say "bench/run.sh failed (exit $status); logs in $logs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------- build
say "building the service and the seeder (Release) — logs in $logs"
dotnet publish src/ChangeLedger -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/service" --nologo -v quiet --disable-build-servers >"$logs/build.log" 2>&1 \
  || { tail -n 30 "$logs/build.log" >&2; die "publish failed"; }
dotnet publish bench/ChangeLedger.Bench -c Release -o "$work/seeder" --nologo -v quiet --disable-build-servers >>"$logs/build.log" 2>&1 \
  || { tail -n 30 "$logs/build.log" >&2; die "publish of bench/ChangeLedger.Bench failed"; }

# ---------------------------------------------------------------------------------------------- PostgreSQL
say "starting a throwaway PostgreSQL in $pg_root"
export CHANGELEDGER_PG_ROOT="$pg_root" CHANGELEDGER_PG_DATABASE="$db" CHANGELEDGER_PG_FSYNC=on
export CHANGELEDGER_PG_OPTIONS="-c synchronous_commit=on -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top -c pg_stat_statements.max=10000"
pg_started=yes
url="$(deploy/local/postgres.sh start 2>>"$logs/postgres.log")"
field() { echo "$url" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"
unset PGDATABASE
export PGOPTIONS="-c client_min_messages=warning"
sql() { psql -X -q -tA -v ON_ERROR_STOP=1 -d "${2:-$db}" -c "$1"; }
[[ "$(sql 'show fsync')" == on && "$(sql 'show synchronous_commit')" == on ]] || die "fsync and synchronous_commit must be on"
sql "create extension if not exists pg_stat_statements"
sql "create database $db_seeded" postgres
postmaster="$(head -n 1 "$pg_root/data/postmaster.pid")"
conn() { echo "${url/Database=$db/Database=$1}"; }

# CPU used so far, in clock ticks: the service process; PostgreSQL = the postmaster, its reaped children and the live ones.
clk=$(getconf CLK_TCK)
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + ($14 + $15) * '"${2:-0}"' }' "/proc/$1/stat" 2>/dev/null || echo 0; }
service_ticks() { proc_ticks "$service"; }
pg_ticks() {
  local total; total=$(proc_ticks "$postmaster" 1)
  for child in $(ps -o pid= --ppid "$postmaster"); do total=$((total + $(proc_ticks "$child"))); done
  echo "$total"
}
# Data segments the service sent to PostgreSQL over its live connections: each request/response exchange is at
# least one, and on loopback (64 KiB MTU) a message of this size is exactly one, so the count is the round trips.
service_segments() {
  ss -tinpH state established "( dport = :$PGPORT )" 2>/dev/null | awk -v pid="pid=$service," '
    /users:/ { mine = index($0, pid) > 0 }
    { if (mine && match($0, /data_segs_out:[0-9]+/)) { total += substr($0, RSTART + 14, RLENGTH - 14); mine = 0 } }
    END { print total + 0 }'
}
# The ledger's newest event, and how many real events (not Marten's tombstones for failed saves) came after one.
# (The comment keeps these probes out of the statement counts.)
ledger_seq() { sql "select /* bench/run.sh */ coalesce(max(seq_id), 0) from ledger.mt_events"; }
events_since() { sql "select /* bench/run.sh */ count(*) from ledger.mt_events where seq_id > $1 and stream_id <> 'mt_tombstone'"; }
# Requests wrk gave up on at the end of a phase may still be running in the service: wait until no event has been
# appended for 2 s, so the next phase starts on a quiet service.
settle() {
  local last now
  last=$(ledger_seq)
  for _ in $(seq 1 120); do
    sleep 2; now=$(ledger_seq)
    [[ "$now" == "$last" ]] && return
    last=$now
  done
  say "the service was still appending 240 s after the phase ended"
}
service_statements="dbid = (select oid from pg_database where datname = '$db') and query not like '%pg_stat%' and query not like '%bench/run.sh%'"
statements() { sql "select coalesce(sum(calls), 0) from pg_stat_statements where $service_statements"; }

# ---------------------------------------------------------------------------------------------- seeded ledger
say "seeding $events chained events into $db_seeded (bench/ChangeLedger.Bench seed)"
t=$(date +%s.%N)
bounded 900 env -C "$work" ConnectionStrings__Ledger="$(conn "$db_seeded")" dotnet "$work/seeder/ChangeLedger.Bench.dll" seed "$events" \
  >"$logs/seed.log" 2>&1 || { tail -n 20 "$logs/seed.log" >&2; die "seeding failed"; }
# Without this, autovacuum would visit the fresh million rows in the middle of the HTTP phases.
sql "vacuum analyze" "$db_seeded"
sql "checkpoint"
seed_s=$(elapsed "$t")

# ---------------------------------------------------------------------------------------------- the service
admin="cl_$(head -c 4000 /dev/urandom | LC_ALL=C tr -dc 'a-z2-7' | cut -c1-12)_$(head -c 4000 /dev/urandom | LC_ALL=C tr -dc 'a-z2-7' | cut -c1-52)"
mkdir -p "$work/run"
# Starts the service on database $1, logging to $2; sets ready_s to the seconds from process start until /health/ready
# answers 200. (Not called in $(...): the service must be a child of this shell, for the trap to stop it.)
start_service() {
  local started; started=$(date +%s.%N)
  (cd "$work/run" && exec env ConnectionStrings__Ledger="$(conn "$1")" ASPNETCORE_URLS="$base" \
    Access__BootstrapAdminKey="$admin" Limits__RateLimit__PermitsPerSecond=1000000 Limits__RateLimit__Burst=1000000 \
    Logging__LogLevel__Default=Warning Database__ApplySchemaAtStart=true dotnet "$work/service/ChangeLedger.dll") >>"$2" 2>&1 &
  service=$!
  for _ in $(seq 1 2400); do
    if curl -s -o /dev/null -m 1 -w '%{http_code}' "$base/health/ready" 2>/dev/null | grep -q '^200$'; then ready_s=$(elapsed "$started"); return; fi
    kill -0 "$service" 2>/dev/null || { tail -n 30 "$2" >&2; die "the service exited while starting (log: $2)"; }
    sleep 0.05
  done
  die "the service was not ready after 120 s (log: $2)"
}
service_log="$logs/service.log"
say "first start (creates the schema), then a restart: the cold start"
start_service "$db" "$service_log"; first_start_s=$ready_s
stop_service
start_service "$db" "$service_log"; cold_start_s=$ready_s
ready_log_lines=$(wc -l < "$service_log")

say "idle for $idle_s s"
sleep "$settle_s"
sql "select pg_stat_statements_reset()" >/dev/null
ticks0=$(service_ticks) segs0=$(service_segments)
sleep "$idle_s"
ticks1=$(service_ticks) segs1=$(service_segments)
bg_statements=$(statements)
idle_pct=$(echo "scale=2; ($ticks1 - $ticks0) * 100 / $clk / $idle_s" | bc)
bg_stmt_rate=$(echo "scale=3; $bg_statements / $idle_s" | bc)
bg_seg_rate=$(echo "scale=3; ($segs1 - $segs0) / $idle_s" | bc)

# ---------------------------------------------------------------------------------------------- key and changes
auth=(-H "Authorization: Bearer $admin")
key="$(curl -sS -f -m 30 "${auth[@]}" -H 'Content-Type: application/json' -X POST "$base/v1/access/keys" \
  -d '{"name":"bench","roles":["ingest","read"],"repositories":["github.com/bench/*"]}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')"
[[ -n "$key" ]] || die "could not issue the bench key"

proposal() {
  printf '{"type":"change_proposed","changeId":"%s","repository":"github.com/bench/repo-%d","title":"Retry card captures on timeout","headCommit":"a1b2c3d","owner":"alice","submittedBy":"ci-bot","origin":{"kind":"generated","tool":"claude-code","requestedBy":"bob"},"eventId":"%s-proposed"}\n' \
    "$1" "$((RANDOM % 8))" "$1"
}
validation() {
  printf '{"type":"validation_recorded","changeId":"%s","check":"check-%d","commit":"a1b2c3d","outcome":"passed","runner":"github-actions","eventId":"%s-v%d"}\n' "$1" "$2" "$1" "$2"
}
# Posts the items in $1 (one JSON object a line) as batches of $2 lines, up to 4 at a time; every item must be accepted.
post_items() {
  local dir; dir="$(mktemp -d "$work/items.XXXXXX")"
  mkdir "$dir/in" "$dir/out"
  split -l "$2" "$1" "$dir/in/"
  # shellcheck disable=SC2016
  find "$dir/in" -type f -printf '%f\0' | xargs -0 -P 4 -I{} sh -c '
    { echo "["; paste -sd, "$1/in/$2"; echo "]"; } | curl -sS -m 600 -H "Authorization: Bearer $3" -H "Content-Type: application/json" \
      --data-binary @- "$4/v1/events" > "$1/out/$2"' _ "$dir" {} "$key" "$base"
  for chunk in "$dir"/in/*; do
    grep -q "\"accepted\":$(wc -l < "$chunk"),\"refused\":0" "$dir/out/${chunk##*/}" || die "seeding refused items: $(head -c 400 "$dir/out/${chunk##*/}")"
  done
}
say "proposing the changes the phases write to"
: >"$work/changes"
for prefix in s$run_id w$run_id m$run_id; do
  n=$([[ $prefix == w* || $prefix == m* ]] && echo $((per_thread / 4)) || echo "$per_thread")
  for t in $(seq 0 $((threads - 1))); do for k in $(seq 0 $((n - 1))); do proposal "$prefix-$t-$k"; done; done >>"$work/changes"
done
for prefix in b$run_id:$batch_sets x$run_id:1; do
  for t in $(seq 0 $((threads - 1))); do for s in $(seq 0 $((${prefix#*:} - 1))); do for j in $(seq 0 $((batch_width - 1))); do
    proposal "${prefix%%:*}-$t-$s-$j"; done; done; done >>"$work/changes"
done
proposal "busy-$run_id" >>"$work/changes"
for size in "${history_sizes[@]}"; do proposal "h$size-$run_id"; done >>"$work/changes"
proposal "busy-warm-$run_id" >>"$work/changes"
post_items "$work/changes" 500
for k in $(seq 0 $((read_changes - 1))); do
  proposal "r$run_id-$k"; for v in 1 2 3 4 5; do validation "r$run_id-$k" "$v"; done
done >"$work/reads"
post_items "$work/reads" 498   # a change's six items stay in one batch
say "seeding the long changes: ${history_sizes[*]} events"
for size in "${history_sizes[@]}"; do
  # A matrix of eight checks re-run on one commit, as a long-lived change accumulates them.
  for v in $(seq 1 $((size - 1))); do
    printf '{"type":"validation_recorded","changeId":"%s","check":"matrix-%d","commit":"a1b2c3d","outcome":"passed","runner":"github-actions","eventId":"%s-h%d"}\n' \
      "h$size-$run_id" "$((v % 8))" "h$size-$run_id" "$v"
  done
done >"$work/history"
post_items "$work/history" 500

# ---------------------------------------------------------------------------------------------- wrk phases
declare -A R
wrk_dir="$repo/bench/wrk"
# Runs wrk as phase $1 with $2 connections for $3 s on script $4 (arguments after it go to the script); keeps the
# RESULT figures in R[$1.*], with the CPU the service and PostgreSQL used meanwhile.
run_wrk() {
  local name=$1 clients=$2 seconds=$3 script=$4; shift 4
  local s0 p0 e0; s0=$(service_ticks); p0=$(pg_ticks); e0=$(ledger_seq)
  bounded $((seconds + 90)) wrk -t "${wrk_threads:-$threads}" -c "$clients" -d "${seconds}s" --timeout 30s -s "$wrk_dir/$script" "$base" -- "$@" \
    >"$logs/wrk-$name.log" 2>&1 || die "wrk $name failed: $(tail -n 5 "$logs/wrk-$name.log")"
  R[$name.svc_ticks]=$(( $(service_ticks) - s0 )); R[$name.pg_ticks]=$(( $(pg_ticks) - p0 )); R[$name.events]=$(events_since "$e0")
  local line; line="$(grep '^RESULT' "$logs/wrk-$name.log")" || die "wrk $name printed no result: $(tail -n 5 "$logs/wrk-$name.log")"
  for kv in ${line#RESULT }; do R[$name.${kv%%=*}]=${kv#*=}; done
  R[$name.ok]=$(( ${R[$name.requests]} - ${R[$name.non2xx]} ))
  [[ "$script" == read.lua || "$script" == evidence.lua ]] || settle
}
single_args=("$key" "s$run_id" "$per_thread")
batch_args=("$key" "b$run_id" "$batch_sets" "$batch_size" "$batch_width")

say "warm-up: $((warm_single + warm_one + warm_batch + warm_read)) s over every path the phases take"
run_wrk warm-single "$single_clients" "$warm_single" single.lua "$key" "w$run_id" $((per_thread / 4)) "ew$run_id"
run_wrk warm-one "$one_clients" "$warm_one" one-change.lua "$key" "busy-warm-$run_id" "ewo$run_id"
run_wrk warm-batch "$batch_clients" "$warm_batch" batch.lua "$key" "x$run_id" 1 "$batch_size" "$batch_width" "ewb$run_id"
run_wrk warm-read "$read_clients" "$warm_read" read.lua "$key" "r$run_id" "$read_changes"

# ---------------------------------------------------------------------------------------------- baselines
say "baseline A: pgbench, one JSONB event row per transaction, $single_clients clients, $pgbench_s s"
# The event table's own shape (columns and indexes of ledger.mt_events), with a sequence of its own.
sql "create schema baseline; create sequence baseline.seq; create sequence baseline.version;
     create table baseline.events (like ledger.mt_events including defaults including indexes);
     alter table baseline.events alter column seq_id set default nextval('baseline.seq');
     create table baseline.copied (like baseline.events including defaults including indexes)"
cat >"$work/event.sql" <<'SQL'
insert into baseline.events (id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers)
values (gen_random_uuid(), 'pgbench-' || :client_id, nextval('baseline.version'),
  '{"changeId":"payments-482","check":"unit-tests","commit":"a1b2c3d","outcome":"passed","runner":"github-actions","command":null,"runUrl":"https://ci.example/runs/9001","durationMs":48210,"logDigest":null,"recordedBy":"key:abcdefghijkl (bench)","occurredAt":"2026-11-25T12:31:01.656291+00:00"}',
  'validation_recorded', now(), '*DEFAULT*', 'ChangeLedger.Changes.ValidationRecorded, ChangeLedger',
  '{"hash":"5d41402abc4b2a76b9719d911017c592a9b2f5c1b1d4b6e3f1e6c1d2a7b8c9d0","prevHash":"7d793037a0760186574b0282f2f435e7a9b2f5c1b1d4b6e3f1e6c1d2a7b8c9d0","actor":"github-actions","eventId":"gh-run-9001-unit","occurredAt":"2026-11-25T12:31:01.656291+00:00"}');
SQL
p0=$(pg_ticks)
bounded $((pgbench_s + 120)) "$pgbench" -n -c "$single_clients" -j "$threads" -T "$pgbench_s" -f "$work/event.sql" "$db" >"$logs/pgbench.log" 2>&1 \
  || die "pgbench failed: $(tail -n 5 "$logs/pgbench.log")"
R[A.pg_ticks]=$(( $(pg_ticks) - p0 ))
R[A.tps]=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$logs/pgbench.log" | head -n 1)
R[A.lat]=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$logs/pgbench.log" | head -n 1)
R[A.tx]=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$logs/pgbench.log")
R[A.failed]=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$logs/pgbench.log")

say "baseline B: COPY of $copy_rows event rows"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy (select gen_random_uuid(), 'copy-' || (i / 10), i % 10 + 1, data, type, now(), tenant_id, mt_dotnet_type, headers from generate_series(0, $copy_rows - 1) i, (select * from baseline.events limit 1) e) to '$work/copy.csv' csv"
t=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy baseline.copied (id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers) from '$work/copy.csv' csv"
R[B.s]=$(elapsed "$t")
R[B.rows]=$(sql "select count(*) from baseline.copied")
R[B.rate]=$(echo "scale=1; ${R[B.rows]} / ${R[B.s]}" | bc)
sql "drop schema baseline cascade"
sql "checkpoint"
rm -f "$work/copy.csv"

# ---------------------------------------------------------------------------------------------- statements per write
say "statements and round trips per validation write ($burst_s s, 4 clients)"
sql "select pg_stat_statements_reset()" >/dev/null
segs0=$(service_segments)
run_wrk burst 4 "$burst_s" single.lua "$key" "m$run_id" $((per_thread / 4)) "em$run_id"
segs1=$(service_segments)
writes=${R[burst.ok]}
[[ "$writes" -gt 0 ]] || die "the statement burst wrote nothing"
burst_secs=${R[burst.seconds]}
R[burst.stmts]=$(echo "scale=2; ($(statements) - $bg_stmt_rate * $burst_secs) / $writes" | bc)
R[burst.rtt]=$(echo "scale=1; ($segs1 - $segs0 - $bg_seg_rate * $burst_secs) / $writes" | bc)
per_write() { sql "select round(coalesce(sum(calls), 0)::numeric / $writes, 2) from pg_stat_statements where $service_statements and $1"; }
R[burst.discard]=$(per_write "query ilike 'discard all%'")
R[burst.commit]=$(per_write "query ilike 'commit%'")
sql "select round(calls::numeric / $writes, 2) as per_write, round(total_exec_time::numeric / $writes, 3) as ms_per_write, left(regexp_replace(query, '\s+', ' ', 'g'), 200)
     from pg_stat_statements where $service_statements order by calls desc limit 60" \
  >"$logs/statements-per-write.txt"

# ---------------------------------------------------------------------------------------------- measured phases
say "single writes: $single_clients clients, each on its own changes, $single_s s"
run_wrk single "$single_clients" "$single_s" single.lua "${single_args[@]}" "es$run_id"

say "one busy change: $one_clients clients, $one_s s"
log_before=$(wc -l < "$service_log") bytes_before=$(stat -c %s "$service_log")
run_wrk one "$one_clients" "$one_s" one-change.lua "$key" "busy-$run_id" "eo$run_id"
tail -n +$((log_before + 1)) "$service_log" >"$logs/service-during-busy.log"
R[one.fail]=$(grep -cE '^(fail|crit): ' "$logs/service-during-busy.log" || true)
R[one.errorlines]=$(grep -ci 'error' "$logs/service-during-busy.log" || true)
R[one.logkib]=$(( ($(stat -c %s "$service_log") - bytes_before) / 1024 ))

say "batch writes: $batch_size items a request, $batch_clients clients, $batch_s s"
run_wrk batch "$batch_clients" "$batch_s" batch.lua "${batch_args[@]}" "eb$run_id"

say "batch writes, the many-changes shape: $small_batch_size items over $batch_width changes a request, $batch_clients clients, $batch_s s"
run_wrk batch100 "$batch_clients" "$batch_s" batch.lua "$key" "b$run_id" "$batch_sets" "$small_batch_size" "$batch_width" "ec$run_id"

# One client, one request after another: what a write and a read of a change cost as its history grows.
for size in "${history_sizes[@]}"; do
  say "a change of $size events: writes, then evidence reads, one client, $history_s s each"
  wrk_threads=1 run_wrk "hw$size" 1 "$history_s" one-change.lua "$key" "h$size-$run_id" "ehw$size$run_id"
  wrk_threads=1 run_wrk "hr$size" 1 "$history_s" evidence.lua "$key" "h$size-$run_id"
done

say "single-change reads: $read_clients clients, $read_s s"
run_wrk read "$read_clients" "$read_s" read.lua "$key" "r$run_id" "$read_changes"
web_requests=$([[ "$quick" == 1 ]] && echo 30 || echo 300)
say "web view: the change page of a change of 5,000 events (now, as of a version, as of a moment), $web_requests requests one after another"
read -r web_p50 web_p99 < <(bench/web.sh "$base" "$key" "$web_requests") || die "the web view's change page could not be measured"
R[run.fail]=$(tail -n +$((ready_log_lines + 1)) "$service_log" | grep -cE '^(fail|crit): ' || true)
stop_service

# ---------------------------------------------------------------------------------------------- export and verification
say "export and verification of the $events seeded events"
seeded_log="$logs/service-seeded.log"
start_service "$db_seeded" "$seeded_log"; seeded_start_s=$ready_s
# The seed wrote events straight into the table: the asynchronous projections (PersonActivity) now catch up on all of
# them. Timed as its own figure, and waited out so it does not share the machine with the export and verification.
t=$(date +%s.%N)
catchup_s=""
for _ in $(seq 1 600); do
  lag="$(curl -s -m 2 "$base/health/ready" | python3 -c 'import json,sys; d=json.load(sys.stdin)["checks"]["projections"].get("data") or {}; print(max(d.values()) if d else -1)' 2>/dev/null || echo -1)"
  if [[ "$lag" == "0" ]]; then catchup_s=$(elapsed "$t"); break; fi
  sleep 0.5
done
[[ -n "$catchup_s" ]] || say "the asynchronous projections did not catch up within 5 minutes (lag $lag)"
t=$(date +%s.%N)
read -r export_lines export_bytes < <(curl -sS -f -m 900 "${auth[@]}" "$base/v1/exports/ownership?format=csv&to=2100-01-01T00:00:00Z" | wc -lc)
export_s=$(elapsed "$t")
[[ "$export_lines" -gt 1 ]] || die "the export answered nothing"
export_rows=$((export_lines - 1))   # the header line
t=$(date +%s.%N)
checkpoint="$(curl -sS -f -m 900 "${auth[@]}" -X POST "$base/v1/integrity/checkpoints")" || die "the checkpoint failed"
checkpoint_s=$(elapsed "$t")
t=$(date +%s.%N)
report="$(curl -sS -f -m 900 "${auth[@]}" "$base/v1/integrity/verify")" || die "the verification failed"
verify_s=$(elapsed "$t")
echo "$report" | head -c 2000 >"$logs/verify.json"
first() { grep -o "\"$1\":[a-z0-9]*" | head -n 1 | cut -d: -f2; }
verified=$(echo "$report" | first events)
intact=$(echo "$report" | first intact)
checkpoint_streams=$(echo "$checkpoint" | first treeSize)
stop_service

# ---------------------------------------------------------------------------------------------- CDEvents conformance check
say "CDEvents conformance check: every example of a mapped type the specification published, beside parsing it (bench/ChangeLedger.Bench schemas)"
schemas_status=0
bounded 120 dotnet "$work/seeder/ChangeLedger.Bench.dll" schemas "$([[ "$quick" == 1 ]] && echo 1 || echo 5)" >"$logs/schemas.log" 2>&1 || schemas_status=$?
if [[ "$schemas_status" == 3 ]]; then say "$(cat "$logs/schemas.log")"
elif [[ "$schemas_status" != 0 ]]; then tail -n 20 "$logs/schemas.log" >&2; die "the conformance check benchmark failed"; fi
schema_field() { sed -n "s/^schemas: $1: \([0-9.]*\) µs.*/\1/p" "$logs/schemas.log"; }
schema_parse_us=$(schema_field "baseline: parse the event") schema_check_us=$(schema_field "check against its release's rules")
schema_load_ms=$(sed -n 's/^schemas: .* checked once in \([0-9]*\) ms$/\1/p' "$logs/schemas.log")
schema_examples=$(sed -n 's/^schemas: \([0-9]*\) examples of mapped types;.*/\1/p' "$logs/schemas.log")

# ---------------------------------------------------------------------------------------------- the table
num() { LC_ALL=C awk -v x="$1" -v d="${2:-0}" 'BEGIN { s = sprintf("%." d "f", x); i = s; f = ""; if (d > 0) { i = substr(s, 1, index(s, ".") - 1); f = substr(s, index(s, ".")) }
  neg = (substr(i, 1, 1) == "-"); if (neg) i = substr(i, 2); o = ""; while (length(i) > 3) { o = "," substr(i, length(i) - 2) o; i = substr(i, 1, length(i) - 3) } print (neg ? "-" : "") i o f }'; }
ratio() { echo "scale=4; $1 / $2" | bc | awk '{ printf "%.3f", $1 }'; }
verdict() { if [[ "$(echo "$1" | bc)" == 1 ]]; then echo met; else echo "**missed**"; fi; }
ms_per() { if [[ "$2" -gt 0 ]]; then echo "scale=2; $1 * 1000 / $clk / $2" | bc | awk '{ printf "%.2f", $1 }'; else echo "–"; fi; }
rate() { echo "scale=1; ${R[$1.ok]} / ${R[$1.seconds]}" | bc; }
cpu() { echo "service $(ms_per "${R[$1.svc_ticks]}" "$2") + PostgreSQL $(ms_per "${R[$1.pg_ticks]}" "$2") ms"; }
errors() {
  local classes=""
  [[ -z "${R[$1.s4xx]:-}" || "${R[$1.non2xx]}" == 0 ]] || classes=" (${R[$1.s4xx]} 4xx, ${R[$1.s5xx]} 5xx)"
  echo "${R[$1.non2xx]} non-2xx$classes, ${R[$1.socket]} socket$([[ "${R[$1.unparsed]:-0}" == 0 ]] || echo ", ${R[$1.unparsed]} answers without counts")"
}
lat() { if [[ "${R[$1.requests]}" == 0 ]]; then echo "no answer within the phase"; else echo "$(num "${R[$1.p50]}" 1) / $(num "${R[$1.p99]}" 1) ms${2:-}"; fi; }

single_rate=$(rate single) one_rate=$(rate one) read_rate=$(rate read)
# Events committed during the phase, counted in PostgreSQL: a batch still in flight when wrk stops has committed
# part of its items, and a count of answered requests alone would miss them.
batch_events=$(echo "scale=1; ${R[batch.events]} / ${R[batch.seconds]}" | bc)
batch100_events=$(echo "scale=1; ${R[batch100.events]} / ${R[batch100.seconds]}" | bc)
single_ratio=$(ratio "$single_rate" "${R[A.tps]}") batch_ratio=$(ratio "$batch_events" "${R[B.rate]}") batch100_ratio=$(ratio "$batch100_events" "${R[B.rate]}")
long=${history_sizes[-1]} short=${history_sizes[0]}
history_ratio=$(ratio "${R[hw$long.p50]}" "${R[hw$short.p50]}")
single_errors=$(( ${R[single.non2xx]} + ${R[single.socket]} ))
load_now="$(cut -d' ' -f1-3 /proc/loadavg)"
total_s=$(elapsed "$run_started")
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench deploy 2>/dev/null || echo ' (uncommitted changes)')"
mode=$([[ "$quick" == 1 ]] && echo "QUICK (BENCH_QUICK=1: phases of a few seconds; not a measurement)" || echo full)

table="$work/table.md"
{
  echo "**$(date -u '+%Y-%m-%d %H:%M UTC')**, commit \`$commit\`, mode: $mode. Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; PostgreSQL $(sql 'show server_version') (fsync $(sql 'show fsync'), synchronous_commit $(sql 'show synchronous_commit'), shared_buffers $(sql 'show shared_buffers')); .NET $(dotnet --version). Load average at the end: $load_now. Whole run: $(num "$total_s") s."
  [[ -z "${BENCH_NOTE:-}" ]] || { echo; echo "$BENCH_NOTE"; }
  echo
  echo "| measure | result | latency p50 / p99 | errors | ratio | target | |"
  echo "|---|---:|---|---|---:|---|---|"
  echo "| **A** pgbench: one JSONB event row a transaction, $single_clients clients, $(num "$pgbench_s") s | $(num "${R[A.tps]}") tx/s | avg $(num "${R[A.lat]}" 1) ms | ${R[A.failed]:-0} failed | 1 | baseline | |"
  echo "| **B** COPY of $(num "${R[B.rows]}") event rows | $(num "${R[B.rate]}") rows/s ($(num "${R[B.s]}" 2) s) | – | – | 1 | baseline | |"
  echo "| single-event writes, $single_clients clients, each on its own changes | $(num "$single_rate") writes/s | $(lat single) | $(errors single) | $single_ratio × A | ≥ 0.15 × A, p99 < 50 ms, 0 errors | $(verdict "$single_ratio >= 0.15 && ${R[single.p99]} < 50 && $single_errors == 0") |"
  echo "| one busy change, $one_clients clients, no expectedVersion | $(num "$one_rate") writes/s | $(lat one) | $(errors one); $(num "${R[one.fail]}") \`fail:\` log entries, $(num "${R[one.errorlines]}") lines with 'error', log +$(num "${R[one.logkib]}") KiB | – | ≥ 150 writes/s, p99 < 150 ms, no error log line | $(verdict "$one_rate >= 150 && ${R[one.p99]} < 150 && ${R[one.fail]} == 0 && ${R[one.non2xx]} + ${R[one.socket]} == 0") |"
  echo "| batch writes, $batch_size items over $batch_width changes a request, $batch_clients clients | $(num "$batch_events") events/s | $(lat batch " a request") | $(errors batch); ${R[batch.refused]} refused items of ${R[batch.accepted]} answered | $batch_ratio × B | ≥ 0.16 × B | $(verdict "$batch_ratio >= 0.16 && ${R[batch.refused]} == 0 && ${R[batch.non2xx]} == 0") |"
  echo "| batch writes, $small_batch_size items over $batch_width changes a request, $batch_clients clients | $(num "$batch100_events") events/s | $(lat batch100 " a request") | $(errors batch100); ${R[batch100.refused]} refused items of ${R[batch100.accepted]} answered | $batch100_ratio × B | ≥ 0.03 × B | $(verdict "$batch100_ratio >= 0.03 && ${R[batch100.refused]} == 0 && ${R[batch100.non2xx]} == 0") |"
  for size in "${history_sizes[@]}"; do
    echo "| a change of $(num "$size") events (one client): writes / \`GET …/evidence\` | $(num "$(rate "hw$size")") / $(num "$(rate "hr$size")") req/s | $(lat "hw$size") / $(lat "hr$size") | $(errors "hw$size") / $(errors "hr$size") | $([[ "$size" == "$short" ]] && echo "1" || echo "$(ratio "${R[hw$size.p50]}" "${R[hw$short.p50]}") ×") write p50 | $([[ "$size" == "$long" ]] && echo "write p50 ≤ 1.5 × the short change's; evidence p50 < 20 ms" || echo "–") | $([[ "$size" == "$long" ]] && verdict "$history_ratio <= 1.5 && ${R[hr$size.p50]} < 20" || echo "") |"
  done
  echo "| single-change reads (GET /v1/changes/{id}), $read_clients clients | $(num "$read_rate") req/s | $(lat read) | $(errors read) | – | ≥ 8,000 req/s, p99 < 15 ms | $(verdict "$read_rate >= 8000 && ${R[read.p99]} < 15") |"
  echo "| the web view's change page (GET /changes/{id}, now, ?atVersion=, ?asOf=) of a change of 5,000 events, $web_requests requests one after another (bench/web.sh) | – | $(num "$web_p50" 1) / $(num "$web_p99" 1) ms | – | – | p99 < 100 ms | $(verdict "$web_p99 < 100") |"
  echo "| export of $(num "$export_rows") ownership rows (CSV, one request) | $(num "$(echo "$export_rows / $export_s" | bc -l)") rows/s ($(num "$export_s" 1) s, $(num $((export_bytes / 1048576))) MiB) | – | – | – | – | |"
  echo "| verification of $(num "${verified:-0}") events (whole ledger, GET /v1/integrity/verify) | $(num "$(echo "${verified:-0} / $verify_s" | bc -l)") events/s ($(num "$verify_s" 1) s), intact: ${intact:-?} | – | – | – | – | |"
  if [[ -n "$schema_check_us" ]]; then
    echo "| CDEvents conformance check, each of the specification's $schema_examples examples of mapped types in turn, one core (bench/ChangeLedger.Bench schemas) | $(num "$(echo "1000000 / $schema_check_us" | bc -l)") events/s | $(num "$schema_check_us" 2) µs an event | – | $(ratio "$schema_check_us" "$schema_parse_us") × parsing it | – | |"
  fi
  echo "| cold start to ready (existing schema) | $(num "$cold_start_s" 2) s | – | – | – | < 2.5 s | $(verdict "$cold_start_s < 2.5") |"
  echo "| idle CPU of the service over $idle_s s | $idle_pct % of a core | – | – | – | < 2 % | $(verdict "$idle_pct < 2") |"
  echo "| statements per validation write (pg_stat_statements), besides \`DISCARD ALL\` | $(num "$(echo "${R[burst.stmts]} - ${R[burst.discard]}" | bc)" 1) (+ $(num "${R[burst.discard]}" 1) \`DISCARD ALL\`) | – | – | – | ≤ 8 (18 before issue 25) | $(verdict "$(num "$(echo "${R[burst.stmts]} - ${R[burst.discard]}" | bc)" 1) <= 8") |"
  echo "| round trips per validation write (TCP data segments to PostgreSQL) | $(num "${R[burst.rtt]}" 1) | – | – | – | ≤ 4 (7.7 before issue 25) | $(verdict "${R[burst.rtt]} <= 4") |"
  echo
  echo "Also measured: \`DISCARD ALL\` (a pooled connection's reset, ≈ one checkout) ${R[burst.discard]} and \`COMMIT\` ${R[burst.commit]} per write;"
  echo "CPU per single write $(cpu single "${R[single.ok]}"), per batch item $(cpu batch "${R[batch.events]}"), per read $(cpu read "${R[read.ok]}");"
  echo "PostgreSQL CPU per baseline-A transaction $(ms_per "${R[A.pg_ticks]}" "${R[A.tx]}") ms. While idle, the service ran $bg_stmt_rate statements/s."
  echo "First start on an empty database (creates the schema): $(num "$first_start_s" 2) s; first start on the seeded ledger: $(num "$seeded_start_s" 2) s;"
  if [[ -n "$schema_check_us" ]]; then
    echo "The CDEvents rules of every release are built, and every example checked once, in $(num "$schema_load_ms") ms; parsing an example takes $(num "$schema_parse_us" 1) µs."
  fi
  echo "checkpoint of the log over $(num "${checkpoint_streams:-0}") events: $(num "$checkpoint_s" 1) s; seeding $(num "$events") chained events with COPY: $(num "$seed_s") s."
  if [[ -n "$catchup_s" ]]; then catchup_text="$(num "$catchup_s" 1) s more"; else catchup_text="not within 5 min"; fi
  echo "The first start on the seeded ledger includes the asynchronous projection (PersonActivity) catching up on the $(num "$events") seeded events"
  echo "to within readiness' bound (10,000 events behind); reaching zero lag took $catchup_text."
  echo "Service errors (\`fail:\`/\`crit:\` entries) in the whole run after start: ${R[run.fail]}."
} >"$table"

echo
cat "$table"
echo
say "logs, wrk output and the per-write statement profile: $logs"
cp "$table" "$logs/table.md"

if [[ "$write_docs" == 1 ]]; then
  doc=docs/benchmarks.md begin='<!-- bench/run.sh:begin -->' end='<!-- bench/run.sh:end -->'
  grep -qF "$begin" "$doc" && grep -qF "$end" "$doc" || die "$doc lacks the $begin / $end markers"
  awk -v begin="$begin" -v end="$end" -v table="$table" '
    $0 == begin { print; while ((getline line < table) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$doc" >"$work/benchmarks.md"
  cp "$work/benchmarks.md" "$doc"
  say "wrote the table into $doc"
fi
awk -v s="$total_s" 'BEGIN { if (s > 900) { print "bench/run.sh: the run took longer than 15 minutes" > "/dev/stderr"; exit 1 } }'
