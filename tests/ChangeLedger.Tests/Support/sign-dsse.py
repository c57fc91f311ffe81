"""Signs an in-toto statement as a DSSE envelope with Debian's python3-securesystemslib (0.26), a tool that is not ChangeLedger's.

usage: /usr/bin/python3 sign-dsse.py STATEMENT.json ed25519|ecdsa-sha2-nistp256
Makes a fresh key with securesystemslib, signs PAE(payloadType, statement) with its signer, and prints
{"keyid": ..., "publicKeyPem": ..., "envelope": {...}}: the keyid is securesystemslib's own (a hash of the key).
securesystemslib 0.26 has no dsse module (it came with 0.27), so the pre-authentication encoding is computed here,
from the DSSE v1 specification; keys and signatures are securesystemslib's.
"""
import base64
import json
import sys

from securesystemslib import keys
from securesystemslib.signer import SSlibSigner

PAYLOAD_TYPE = "application/vnd.in-toto+json"


def pae(payload_type: str, body: bytes) -> bytes:
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def public_pem(key: dict) -> str:
    if key["keytype"] == "ed25519":
        # securesystemslib keeps an Ed25519 public key as 32 bytes in hex; the ledger takes a PEM SubjectPublicKeyInfo.
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        raw = bytes.fromhex(key["keyval"]["public"])
        return Ed25519PublicKey.from_public_bytes(raw).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
    return key["keyval"]["public"]


def main() -> int:
    with open(sys.argv[1], "rb") as f:
        body = f.read()
    key = keys.generate_ed25519_key() if sys.argv[2] == "ed25519" else keys.generate_ecdsa_key(sys.argv[2])
    signature = SSlibSigner(key).sign(pae(PAYLOAD_TYPE, body))
    envelope = {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(body).decode("ascii"),
        "signatures": [{"keyid": signature.keyid, "sig": base64.b64encode(bytes.fromhex(signature.signature)).decode("ascii")}],
    }
    print(json.dumps({"keyid": key["keyid"], "publicKeyPem": public_pem(key), "envelope": envelope}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
