# Sourced by the benchmarks that seed a fresh database straight with SQL and then time one endpoint over it
# (bench/export.sh, bench/audit.sh): the local cluster, a fresh database $db, the service built in Release and run
# on it on $port (with a bootstrap key in $key), stopped and the database dropped on exit, and the service's memory.
#   db=… port=… log=… source bench/seeded-service.sh; start_service
url="$(deploy/local/postgres.sh start)"
field() { echo "$url" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"

psql -q -d postgres -c "drop database if exists $db with (force)" -c "create database $db"
dotnet build src/ChangeLedger -c Release --nologo -v quiet >/dev/null
key="cl_$(head -c 4000 /dev/urandom | LC_ALL=C tr -dc 'a-z2-7' | cut -c1-12)_$(head -c 4000 /dev/urandom | LC_ALL=C tr -dc 'a-z2-7' | cut -c1-52)"

start_service() {
  ConnectionStrings__Ledger="${url/Database=$(field Database)/Database=$db}" ASPNETCORE_URLS="http://127.0.0.1:$port" Access__BootstrapAdminKey="$key" \
    Logging__LogLevel__Default=Warning Database__ApplySchemaAtStart=true dotnet src/ChangeLedger/bin/Release/net10.0/ChangeLedger.dll >"$log" 2>&1 &
  service=$!
  trap 'kill $service 2>/dev/null || true; wait $service 2>/dev/null || true; psql -q -d postgres -c "drop database if exists $db with (force)"' EXIT
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.5; done
}

hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$service/status"; }
# CPU seconds the service has used (user + system): unlike wall time, not stretched by other work on the machine.
cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$service/stat"; }
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$service/status"; }
# CPU seconds the local cluster has used: the postmaster and its living backends, plus what exited backends left in
# the postmaster's children's time (fields 16-17), so a query's cost shows however its connection ends.
pgcpu() {
  local postmaster; postmaster="$(head -1 .local/pg/data/postmaster.pid)"
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat"; for p in $(pgrep -P "$postmaster"); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done; } |
    awk '{s += $1} END {printf "%.2f", s / 100}'
}
machine() { echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(psql -tA -d postgres -c 'show server_version') PostgreSQL"; }
