"""Verifies a DSSE envelope with Debian's python3-securesystemslib (0.26), a tool that is not ChangeLedger's.

usage: /usr/bin/python3 verify-dsse.py ENVELOPE.json PUBLIC-KEY.pem
Exit 0 and the payload on stdout when every signature verifies; exit 1 with the reason otherwise.
securesystemslib 0.26 has no dsse module (it came with 0.27), so the pre-authentication encoding is computed here,
from the DSSE v1 specification; the signature check is securesystemslib's ecdsa-sha2-nistp256 key class.
"""
import base64
import json
import sys

from securesystemslib.exceptions import UnverifiedSignatureError, VerificationError
from securesystemslib.signer import Signature, SSlibKey


def pae(payload_type: str, body: bytes) -> bytes:
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        envelope = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        pem = f.read()
    body = base64.b64decode(envelope["payload"], validate=True)
    signatures = envelope.get("signatures") or []
    if not signatures:
        print("no signatures")
        return 1
    for s in signatures:
        key = SSlibKey(s["keyid"], "ecdsa", "ecdsa-sha2-nistp256", {"public": pem})
        try:
            key.verify_signature(Signature(s["keyid"], base64.b64decode(s["sig"]).hex()), pae(envelope["payloadType"], body))
        except (UnverifiedSignatureError, VerificationError) as e:
            print(f"signature by {s['keyid']} does not verify: {e}")
            return 1
    print(body.decode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
