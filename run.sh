#!/usr/bin/env bash
# Builds and runs ChangeLedger on http://127.0.0.1:5080 (override with ASPNETCORE_URLS or --urls).
# Without ConnectionStrings__Ledger it starts the local PostgreSQL (deploy/local/postgres.sh) first.
# The schema is created on startup. Extra arguments go to the service.
set -euo pipefail
cd "$(dirname "$0")"

if [[ -z "${ConnectionStrings__Ledger:-}" ]]; then
  ConnectionStrings__Ledger="$(deploy/local/postgres.sh start)"
  export ConnectionStrings__Ledger
fi
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"

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

dotnet build src/ChangeLedger --nologo -v quiet -c Release
base="${ASPNETCORE_URLS%%;*}"
cat <<MSG

  ChangeLedger is starting on $base
    API        $base/v1/changes
    OpenAPI    $base/openapi/v1.json
    Scalar     $base/scalar
    Health     $base/health/ready

MSG
if [[ -n "$new_key" ]]; then
  cat <<MSG
  A root API key was generated for local use (kept in .local/admin-key; shown only now):

    export CL_KEY=$Access__BootstrapAdminKey

MSG
else
  echo "  Root API key: see .local/admin-key (or Access__BootstrapAdminKey)."
  echo
fi
exec dotnet run --project src/ChangeLedger --no-build -c Release -- "$@"
