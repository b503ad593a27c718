#!/usr/bin/python3
"""DSSE envelopes made outside airsign, to check that airsign reads what other tools write.

Keys and signatures come from Debian's securesystemslib (its signer API: SSlibSigner); this
securesystemslib (0.26) has no DSSE module, so the envelope is put together here, in Python,
following the DSSE spec (PAE v1), with the statement serialized by Python's json (keys sorted,
indented): bytes airsign's own attest never writes.

  make-envelope.py keygen ed25519|ecdsa|rsa KEYFILE   -> prints the public key, base64 SPKI DER
  make-envelope.py sign KEYFILE [KEYFILE...] < statement.json  -> prints the envelope JSON
"""
import base64
import json
import sys

from securesystemslib import keys
from securesystemslib.signer import SSlibSigner

ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


def spki_base64(key):
    public = key["keyval"]["public"]
    if key["keytype"] == "ed25519":
        return base64.b64encode(ED25519_SPKI_PREFIX + bytes.fromhex(public)).decode()
    body = "".join(l for l in public.strip().splitlines() if not l.startswith("-----"))
    return body


def keygen(kind, path):
    if kind == "ed25519":
        key = keys.generate_ed25519_key()
    elif kind == "ecdsa":
        key = keys.generate_ecdsa_key(scheme="ecdsa-sha2-nistp256")
    elif kind == "rsa":
        key = keys.generate_rsa_key(bits=3072, scheme="rsassa-pss-sha256")
    else:
        raise SystemExit("unknown key type " + kind)
    with open(path, "w") as f:
        json.dump(key, f)
    print(spki_base64(key))


def pae(payload_type, payload):
    t = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


def sign(paths):
    statement = json.load(sys.stdin)
    payload_type = "application/vnd.in-toto+json"
    payload = json.dumps(statement, sort_keys=True, indent=2).encode()
    signatures = []
    for path in paths:
        with open(path) as f:
            key = json.load(f)
        sig = SSlibSigner(key).sign(pae(payload_type, payload))
        signatures.append({"keyid": sig.keyid, "sig": base64.b64encode(bytes.fromhex(sig.signature)).decode()})
    print(json.dumps({"payload": base64.b64encode(payload).decode(), "payloadType": payload_type, "signatures": signatures}))


if __name__ == "__main__":
    if sys.argv[1] == "keygen":
        keygen(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "sign":
        sign(sys.argv[2:])
    else:
        raise SystemExit(__doc__)
