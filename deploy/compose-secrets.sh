#!/usr/bin/env bash
# Makes the signing key docker-compose.yml mounts as a secret (.local/compose/signing-key.pem), once: every container
# then signs checkpoints and exports with the same ECDSA P-256 key. Keep a copy; losing it means new checkpoints are
# signed by a new key (the old signatures still verify with the old public key).
set -euo pipefail
cd "$(dirname "$0")/.."
key=.local/compose/signing-key.pem
if [[ -s "$key" ]]; then echo "compose-secrets.sh: $key exists; keeping it"; exit 0; fi
mkdir -p "$(dirname "$key")"
(umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key")
# The container runs as UID 1654; the file must be readable by it (and by no one else).
chmod 0444 "$key" 2>/dev/null || true
echo "compose-secrets.sh: made $key"
