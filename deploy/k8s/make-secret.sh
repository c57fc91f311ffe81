#!/usr/bin/env bash
# Prints the Secret the manifests read (changeledger): the connection strings you give, and two values made here, once:
# the bootstrap admin key (cl_<12>_<52>, alphabet a-z and 2-7) and the ECDSA P-256 key checkpoints and exports are
# signed with. Pipe it to kubectl; nothing is written to disk.
#   CL_CONNECTION_STRING='Host=changeledger-db-rw;Port=5432;Database=changeledger;Username=changeledger;Password=…' \
#   CL_REPLICA_CONNECTION_STRING='Host=changeledger-db-ro;…'   (optional: lists and exports read the replicas) \
#     deploy/k8s/make-secret.sh | kubectl apply -f -
# CL_NAMESPACE (default changeledger) names the namespace. Running it again makes new keys: keep the Secret (and a copy
# of its signing key) rather than re-running; rotating the signing key is described in docs/integrity.md.
set -euo pipefail

connection="${CL_CONNECTION_STRING:?set CL_CONNECTION_STRING to the Npgsql connection string of the ledger database (see docs/operations.md)}"
replica="${CL_REPLICA_CONNECTION_STRING:-}"
namespace="${CL_NAMESPACE:-changeledger}"
command -v openssl >/dev/null || { echo "make-secret.sh: openssl is needed to make the signing key" >&2; exit 1; }

alphabet='abcdefghijklmnopqrstuvwxyz234567'
rand() { head -c 4096 /dev/urandom | LC_ALL=C tr -dc "$alphabet" | head -c "$1" || true; }
bootstrap="cl_$(rand 12)_$(rand 52)"
signing_key="$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null)"

b64() { printf '%s' "$1" | base64 -w0; }
cat <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: changeledger
  namespace: $namespace
type: Opaque
data:
  connection-string: $(b64 "$connection")
YAML
[[ -z "$replica" ]] || echo "  replica-connection-string: $(b64 "$replica")"
cat <<YAML
  bootstrap-admin-key: $(b64 "$bootstrap")
  signing-key.pem: $(b64 "$signing_key")
YAML
echo "make-secret.sh: read the bootstrap admin key back with: kubectl -n $namespace get secret changeledger -o jsonpath='{.data.bootstrap-admin-key}' | base64 -d" >&2
