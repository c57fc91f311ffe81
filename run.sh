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

dotnet build src/ChangeLedger --nologo -v quiet -c Release
base="${ASPNETCORE_URLS%%;*}"
cat <<MSG

  ChangeLedger is starting on $base
    API        $base/v1/changes
    OpenAPI    $base/openapi/v1.json
    Scalar     $base/scalar
    Health     $base/health/ready

MSG
exec dotnet run --project src/ChangeLedger --no-build -c Release -- "$@"
