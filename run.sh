#!/usr/bin/env bash
# Builds and runs ChangeLedger on http://127.0.0.1:5080 (override with ASPNETCORE_URLS or --urls).
# Without ConnectionStrings__Ledger it starts the local PostgreSQL (deploy/local/postgres.sh) first.
# The schema is created and migrated on startup (Database__ApplySchemaAtStart=true; production applies it with db-apply). Quiet by default: warnings and errors only.
#   ./run.sh --verbose      every log line at Information (SQL, code generation, two lines per request)
#   ./run.sh --json-logs    log lines as JSON objects, one per line (for a log shipper); combines with --verbose
# Other arguments go to the service. Ctrl+C stops the service; deploy/local/postgres.sh stop stops PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"

level=Warning
formatter=simple
service_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --verbose) level=Information ;;
    --json-logs) formatter=json ;;
    --urls) ASPNETCORE_URLS="$2"; shift ;;
    --urls=*) ASPNETCORE_URLS="${1#--urls=}" ;;
    *) service_args+=("$1") ;;
  esac
  shift
done
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
base="${ASPNETCORE_URLS%%;*}"

# A second ./run.sh would otherwise die in Kestrel with two stack traces; one line says what to do instead.
hostport="${base#*://}"; hostport="${hostport%%/*}"
host="${hostport%:*}"; port="${hostport##*:}"
[[ "$host" == "localhost" || "$host" == "0.0.0.0" || "$host" == "*" || "$host" == "+" || "$host" == "[::]" ]] && host=127.0.0.1
if [[ "$port" =~ ^[0-9]+$ ]] && (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  echo "run.sh: $base is already in use (another ./run.sh?); stop it, or pick another port: ./run.sh --urls http://127.0.0.1:5081" >&2
  exit 1
fi

if [[ -z "${ConnectionStrings__Ledger:-}" ]]; then
  ConnectionStrings__Ledger="$(deploy/local/postgres.sh start)"
  export ConnectionStrings__Ledger
fi

# The root API key. Generated once for local use (kept in .local/admin-key, printed when made) unless configured.
new_key=""
if [[ -z "${Access__BootstrapAdminKey:-}" ]]; then
  mkdir -p .local
  if [[ ! -s .local/admin-key ]]; then
    alphabet='abcdefghijklmnopqrstuvwxyz234567'
    rand() { head -c 4096 /dev/urandom | LC_ALL=C tr -dc "$alphabet" | head -c "$1" || true; }
    (umask 077; echo "cl_$(rand 12)_$(rand 52)" > .local/admin-key)
    new_key=yes
  fi
  Access__BootstrapAdminKey="$(cat .local/admin-key)"
  export Access__BootstrapAdminKey
fi

# Logging is configured here, not in the service: production keeps its own defaults and sets these the same way.
export Logging__LogLevel__Default="${Logging__LogLevel__Default:-$level}"
export Logging__Console__FormatterName="$formatter"
export Logging__Console__FormatterOptions__SingleLine=true
export Database__ApplySchemaAtStart="${Database__ApplySchemaAtStart:-true}"
if [[ "$formatter" == json ]]; then
  # Scopes carry the trace and span ids (and the request id) of the request a line belongs to.
  export Logging__Console__FormatterOptions__IncludeScopes=true
  export Logging__Console__FormatterOptions__TimestampFormat="yyyy-MM-ddTHH:mm:ss.fffZ"
  export Logging__Console__FormatterOptions__UseUtcTimestamp=true
else
  export Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss "
fi

if ! build_log="$(dotnet build src/ChangeLedger --nologo -v quiet -c Release 2>&1)"; then
  echo "$build_log" >&2
  echo "run.sh: the build failed (above)." >&2
  exit 1
fi

# The built service itself, not `dotnet run`, so that Ctrl+C reaches it; its content root is the repository, so what it
# keeps locally (the generated signing key) lives under .local/ with the admin key and PostgreSQL.
# JasperFx prints "Searching '<assembly>' for commands" for each assembly (wrapped at 80 columns when not on a terminal)
# straight to the console, past the log levels; the filter drops those notices and nothing else.
quiet_discovery() {
  awk '/^Searching \x27/ { skipping = 1 }
       skipping { text = text $0; if (text ~ /for $/ || text !~ /for commands(\[\/\])?$/) next; skipping = 0; text = ""; next }
       { print; fflush() }'
}
# Wolverine warns on every start that it found no message handlers; this service uses none, so the warning says nothing.
env "Logging__LogLevel__Wolverine.Configuration.HandlerDiscovery=${level/Warning/Error}" \
  dotnet src/ChangeLedger/bin/Release/net10.0/ChangeLedger.dll --contentRoot "$PWD" ${service_args[@]+"${service_args[@]}"} > >(quiet_discovery) &
service=$!
trap 'kill -TERM "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' INT TERM

# The banner and the key come once the service answers, so they are the last lines on the screen.
for _ in $(seq 1 240); do
  if ! kill -0 "$service" 2>/dev/null; then
    wait "$service" && status=0 || status=$?
    echo "run.sh: the service stopped during startup (exit $status); see the lines above." >&2
    exit "$status"
  fi
  if curl -fs -o /dev/null "$base/health/ready"; then break; fi
  sleep 0.5
done
curl -fs -o /dev/null "$base/health/ready" || echo "run.sh: $base/health/ready does not answer yet; the service is still starting." >&2

cat <<MSG

  ChangeLedger is ready on $base  (quiet: warnings only; ./run.sh --verbose shows every log line)
    API        $base/v1/changes
    OpenAPI    $base/openapi/v1.json
    Scalar     $base/scalar
    Health     $base/health/ready
    Stop       Ctrl+C here; then deploy/local/postgres.sh stop for the local PostgreSQL

MSG
if [[ -n "$new_key" ]]; then
  cat <<MSG
  A root API key was generated for local use (kept in .local/admin-key; shown only now):

    export CL=$base CL_KEY=$Access__BootstrapAdminKey

MSG
else
  echo "  Root API key:  export CL=$base CL_KEY=\$(cat .local/admin-key)"
  echo
fi

wait "$service"
