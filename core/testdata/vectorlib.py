"""Shared helpers of the vector generators (gen_*_vectors.py): HMACs over
several parts, and the one way vector files are written. Run the generators
from core/testdata."""
import base64, hashlib, hmac, json


def mac(key, *parts, h=hashlib.sha256):
    """HMAC(key, parts[0] ‖ parts[1] ‖ ...); str arguments are UTF-8."""
    m = hmac.new(key.encode() if isinstance(key, str) else key, digestmod=h)
    for p in parts:
        m.update(p.encode() if isinstance(p, str) else p)
    return m.digest()


def hexmac(key, *parts, h=hashlib.sha256):
    return mac(key, *parts, h=h).hex()


def b64mac(key, *parts, h=hashlib.sha256):
    return base64.b64encode(mac(key, *parts, h=h)).decode()


def write(name, doc, ensure_ascii=True):
    with open("vectors/%s.json" % name, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True, ensure_ascii=ensure_ascii)
        f.write("\n")
