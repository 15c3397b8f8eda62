#!/usr/bin/env python3
"""Writes the seed providers' vector files (core/testdata/vectors/*.json).

Official vectors are copied from ../shared/providers.md (sources named in each
case); the other cases are computed here from each scheme's definition with
Python's hmac, independently of the Go code under test. Run from core/testdata.
"""
import base64, hashlib, hmac, json

from vectorlib import hexmac, b64mac, write

# Dropbox --------------------------------------------------------------------
body = '{"delta": {"users": [12345]}}'
acc = '{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc", "dbid:AAB"]}, "delta": {"users": [12345, 678]}}'
write("dropbox", {"provider": "dropbox", "source": "providers.md 5.1", "cases": [
    {"name": "third-party vector", "source": "npm hapi-dropbox-webhooks@1.1.0 test",
     "secrets": ["the_secret"], "body": body,
     "headers": {"X-Dropbox-Signature": "0a8c16b085420b960dc78664279fe09e936a2a01b1f91064869d9e77dfd64529"},
     "want": "ok", "event": {"subject": "12345", "object_type": "account"}},
    {"name": "accounts become subjects", "secrets": ["the_secret"], "body": acc,
     "headers": {"X-Dropbox-Signature": hexmac("the_secret", acc)}, "want": "ok",
     "event": {"subject": "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc,dbid:AAB"}},
    {"name": "rotated secret matches", "secrets": ["new_secret", "the_secret"], "body": body,
     "headers": {"X-Dropbox-Signature": "0a8c16b085420b960dc78664279fe09e936a2a01b1f91064869d9e77dfd64529"}, "want": "ok"},
    {"name": "challenge", "secrets": ["the_secret"], "method": "GET", "url": "/hooks/dropbox?challenge=KUfCjMB9vTX2VYKiSjSg4Ivc7-4j5vKbuf9iUF6sDEg",
     "want": "handshake", "status": 200, "reply_body": "KUfCjMB9vTX2VYKiSjSg4Ivc7-4j5vKbuf9iUF6sDEg",
     "reply_headers": {"Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff"}},
    {"name": "challenge with markup refused", "secrets": ["the_secret"], "method": "GET",
     "url": "/hooks/dropbox?challenge=%3Cscript%3Ealert(1)%3C/script%3E", "want": "bad_challenge", "status": 400},
    {"name": "challenge too long refused", "secrets": ["the_secret"], "method": "GET",
     "url": "/hooks/dropbox?challenge=" + "a" * 513, "want": "bad_challenge", "status": 400},
    {"name": "missing challenge refused", "secrets": ["the_secret"], "method": "GET", "url": "/hooks/dropbox", "want": "bad_challenge", "status": 400},
    {"name": "wrong method", "secrets": ["the_secret"], "method": "PUT", "body": body, "want": "method_not_allowed", "status": 405},
    {"name": "missing header", "secrets": ["the_secret"], "body": body, "want": "missing_signature", "status": 400},
    {"name": "not hex", "secrets": ["the_secret"], "body": body, "headers": {"X-Dropbox-Signature": "zz" * 32}, "want": "malformed_signature", "status": 400},
    {"name": "wrong secret", "secrets": ["other"], "body": body,
     "headers": {"X-Dropbox-Signature": "0a8c16b085420b960dc78664279fe09e936a2a01b1f91064869d9e77dfd64529"}, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": ["the_secret"], "body": body.replace("12345", "12346"),
     "headers": {"X-Dropbox-Signature": "0a8c16b085420b960dc78664279fe09e936a2a01b1f91064869d9e77dfd64529"}, "want": "signature_mismatch", "status": 401},
    {"name": "oversize body", "secrets": ["the_secret"], "max_body": 16, "body": body,
     "headers": {"X-Dropbox-Signature": "0a8c16b085420b960dc78664279fe09e936a2a01b1f91064869d9e77dfd64529"}, "want": "body_too_large", "status": 413},
]})

# Dropbox Sign ---------------------------------------------------------------
key = "324e3b0840f065eb51f3fd63231d0d33daa35d4ed10d27718839e81737065782"
ev = {"event": {"event_time": "1669926463", "event_type": "account_confirmed",
                "event_hash": "ff8b03439122f9160500c3fb855bdee5a9ccba5fff27d3b258745d8f3074832f",
                "event_metadata": {"reported_for_account_id": "63522885f9261e2b04eea043933ee7313eb674fd"}},
      "account_guid": "63522885f9261e2b04eea043933ee7313eb674fd"}
js = json.dumps(ev)
boundary = "hookstileboundary7MA4YWxkTrZu0gW"
mp = ("--%s\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n%s\r\n--%s--\r\n" % (boundary, js, boundary))
sr = {"event": {"event_time": "1700000000", "event_type": "signature_request_signed",
                "event_hash": hexmac(key, "1700000000signature_request_signed")},
      "signature_request": {"signature_request_id": "fa5c8a0b0f492d768749333ad6fcc214c111e967", "title": "NDA"}}
cb = {"event": {"event_time": "1700000100", "event_type": "callback_test", "event_hash": hexmac(key, "1700000100callback_test")}}
forged = json.loads(js); forged["event"]["event_type"] = "signature_request_signed"
# Clocks a minute after each event (event_time is checked: 73 h by default).
evnow, srnow = "2022-12-01T20:28:43Z", "2023-11-14T22:15:00Z"
write("dropbox_sign", {"provider": "dropbox_sign", "source": "providers.md 5.2", "cases": [
    {"name": "official vector as multipart", "source": "hellosign/hellosign-ruby-sdk examples/EventCallback.rb",
     "secrets": [key], "now": evnow, "headers": {"Content-Type": "multipart/form-data; boundary=" + boundary}, "body": mp,
     "want": "ok", "event": {"type": "account_confirmed", "object_type": "account", "time": "2022-12-01T20:27:43Z"}},
    {"name": "official vector as raw JSON", "secrets": [key], "now": evnow, "headers": {"Content-Type": "application/json"}, "body": js, "want": "ok"},
    {"name": "official vector as form field", "secrets": [key], "now": evnow, "headers": {"Content-Type": "application/x-www-form-urlencoded"},
     "body": "json=" + __import__("urllib.parse").parse.quote(js), "want": "ok"},
    {"name": "signature request signed", "secrets": [key], "now": srnow, "headers": {"Content-Type": "application/json"}, "body": json.dumps(sr), "want": "ok",
     "event": {"type": "signature_request_signed", "object_type": "signature_request", "object_id": "fa5c8a0b0f492d768749333ad6fcc214c111e967", "action": "created"}},
    {"name": "callback test event", "secrets": [key], "now": srnow, "headers": {"Content-Type": "application/json"}, "body": json.dumps(cb), "want": "ok", "event": {"type": "callback_test"}},
    {"name": "rotated key", "secrets": ["old-key", key], "now": evnow, "headers": {"Content-Type": "application/json"}, "body": js, "want": "ok"},
    {"name": "wrong key", "secrets": ["not-the-key"], "headers": {"Content-Type": "application/json"}, "body": js, "want": "signature_mismatch", "status": 401},
    {"name": "event type changed", "secrets": [key], "headers": {"Content-Type": "application/json"}, "body": json.dumps(forged), "want": "signature_mismatch", "status": 401},
    {"name": "no event hash", "secrets": [key], "headers": {"Content-Type": "application/json"}, "body": '{"event":{"event_time":"1","event_type":"x"}}', "want": "missing_signature"},
    {"name": "hash not hex", "secrets": [key], "headers": {"Content-Type": "application/json"}, "body": '{"event":{"event_time":"1","event_type":"x","event_hash":"zz"}}', "want": "malformed_signature"},
    {"name": "multipart without json field", "secrets": [key], "headers": {"Content-Type": "multipart/form-data; boundary=" + boundary},
     "body": "--%s\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--%s--\r\n" % (boundary, boundary), "want": "malformed_payload", "status": 400},
    {"name": "truncated multipart", "secrets": [key], "headers": {"Content-Type": "multipart/form-data; boundary=" + boundary}, "body": mp[:60], "want": "malformed_payload", "status": 400},
    {"name": "invalid JSON", "secrets": [key], "headers": {"Content-Type": "application/json"}, "body": "{not json", "want": "malformed_payload", "status": 400},
    {"name": "unsupported media type", "secrets": [key], "headers": {"Content-Type": "text/xml"}, "body": "<a/>", "want": "unsupported_media_type", "status": 415},
    {"name": "stale with tolerance set", "secrets": [key], "tolerance": "1h", "now": "2022-12-02T20:27:43Z", "headers": {"Content-Type": "application/json"}, "body": js, "want": "stale_timestamp", "status": 401},
    {"name": "future with tolerance set", "secrets": [key], "tolerance": "1h", "now": "2022-11-30T20:27:43Z", "headers": {"Content-Type": "application/json"}, "body": js, "want": "future_timestamp", "status": 401},
    # The default window covers Dropbox Sign's retries (about 3 days), no more.
    {"name": "stale by default: 3 days and 2 hours late", "secrets": [key], "now": "2022-12-04T22:27:43Z", "headers": {"Content-Type": "application/json"}, "body": js, "want": "stale_timestamp", "status": 401},
    {"name": "last retry by default: 3 days late", "secrets": [key], "now": "2022-12-04T20:27:43Z", "headers": {"Content-Type": "application/json"}, "body": js, "want": "ok"},
    {"name": "official vector in 2026 is stale", "secrets": [key], "headers": {"Content-Type": "application/json"}, "body": js, "want": "stale_timestamp", "status": 401},
    {"name": "wrong method", "secrets": [key], "method": "GET", "want": "method_not_allowed", "status": 405},
]})

# Box -------------------------------------------------------------------------
bbody = '{"type":"webhook_event","webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"Test.txt"}}'
bts = "2020-01-01T00:00:00-07:00"
bh = {"BOX-DELIVERY-ID": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f", "BOX-DELIVERY-TIMESTAMP": bts,
      "BOX-SIGNATURE-ALGORITHM": "HmacSHA256", "BOX-SIGNATURE-VERSION": "1",
      "BOX-SIGNATURE-PRIMARY": "6TfeAW3A1PASkgboxxA5yqHNKOwFyMWuEXny/FPD5hI=",
      "BOX-SIGNATURE-SECONDARY": "v+1CD1Jdo3muIcbpv5lxxgPglOqMfsNHPV899xWYydo="}
assert b64mac("SamplePrimaryKey", bbody + bts) == bh["BOX-SIGNATURE-PRIMARY"]
def bx(**kw):
    h = dict(bh); h.update(kw); return {k: v for k, v in h.items() if v is not None}
now = "2020-01-01T07:05:00Z"
write("box", {"provider": "box", "source": "providers.md 5.3", "cases": [
    {"name": "official vector, both keys", "source": "box/box-node-sdk tests/lib/managers/webhooks-test.js",
     "secrets": ["SamplePrimaryKey", "SampleSecondaryKey"], "now": now, "body": bbody, "headers": bx(), "want": "ok",
     "event": {"delivery_id": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f", "type": "FILE.UPLOADED", "object_type": "file", "object_id": "1234567890", "action": "created"}},
    {"name": "only the secondary key configured", "secrets": ["SampleSecondaryKey"], "now": now, "body": bbody, "headers": bx(), "want": "ok"},
    {"name": "primary header missing, secondary matches", "secrets": ["SampleSecondaryKey"], "now": now, "body": bbody, "headers": bx(**{"BOX-SIGNATURE-PRIMARY": None}), "want": "ok"},
    {"name": "wrong keys", "secrets": ["OtherKey"], "now": now, "body": bbody, "headers": bx(), "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": ["SamplePrimaryKey"], "now": now, "body": bbody.replace("Test", "Pest"), "headers": bx(), "want": "signature_mismatch"},
    {"name": "tampered timestamp", "secrets": ["SamplePrimaryKey"], "now": now, "body": bbody, "headers": bx(**{"BOX-DELIVERY-TIMESTAMP": "2020-01-01T00:01:00-07:00"}), "want": "signature_mismatch"},
    {"name": "stale: 10 min + 1 s", "secrets": ["SamplePrimaryKey"], "now": "2020-01-01T07:10:01Z", "body": bbody, "headers": bx(), "want": "stale_timestamp", "status": 401},
    {"name": "at the edge of the window", "secrets": ["SamplePrimaryKey"], "now": "2020-01-01T07:10:00Z", "body": bbody, "headers": bx(), "want": "ok"},
    {"name": "future: 10 min + 1 s", "secrets": ["SamplePrimaryKey"], "now": "2020-01-01T06:49:59Z", "body": bbody, "headers": bx(), "want": "future_timestamp", "status": 401},
    {"name": "no signature headers", "secrets": ["SamplePrimaryKey"], "now": now, "body": bbody,
     "headers": bx(**{"BOX-SIGNATURE-PRIMARY": None, "BOX-SIGNATURE-SECONDARY": None}), "want": "missing_signature", "status": 400},
    {"name": "missing timestamp", "secrets": ["SamplePrimaryKey"], "now": now, "body": bbody, "headers": bx(**{"BOX-DELIVERY-TIMESTAMP": None}), "want": "missing_timestamp", "status": 400},
    {"name": "malformed timestamp", "secrets": ["SamplePrimaryKey"], "now": now, "body": bbody, "headers": bx(**{"BOX-DELIVERY-TIMESTAMP": "yesterday"}), "want": "malformed_timestamp", "status": 400},
    {"name": "bad base64", "secrets": ["SamplePrimaryKey"], "now": now, "body": bbody,
     "headers": bx(**{"BOX-SIGNATURE-PRIMARY": "!!!", "BOX-SIGNATURE-SECONDARY": None}), "want": "malformed_signature", "status": 400},
    {"name": "unsupported version", "secrets": ["SamplePrimaryKey"], "now": now, "body": bbody, "headers": bx(**{"BOX-SIGNATURE-VERSION": "2"}), "want": "malformed_signature"},
    {"name": "unsupported algorithm", "secrets": ["SamplePrimaryKey"], "now": now, "body": bbody, "headers": bx(**{"BOX-SIGNATURE-ALGORITHM": "HmacSHA1"}), "want": "malformed_signature"},
    {"name": "tolerance widened", "secrets": ["SamplePrimaryKey"], "tolerance": "1h", "now": "2020-01-01T07:30:00Z", "body": bbody, "headers": bx(), "want": "ok"},
]})

# Standard Webhooks ----------------------------------------------------------
sw = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
swh = {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
       "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}
swb = '{"test": 2432232314}'
def swx(**kw):
    h = dict(swh); h.update(kw); return {k: v for k, v in h.items() if v is not None}
sw2 = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
typed = '{"type":"invoice.paid","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"inv_1"}}'
tsig = "v1," + b64mac(base64.b64decode(sw[6:]), "msg_2.1614265330." + typed)
write("standard_webhooks", {"provider": "standard_webhooks", "source": "providers.md 3.3", "cases": [
    {"name": "SW-1", "source": "standard-webhooks libraries/go/webhook_test.go", "secrets": [sw], "now": "1614265330", "body": swb, "headers": swx(), "want": "ok",
     "event": {"delivery_id": "msg_p5jXN8AQM9LWM0D4loKWxJek"}},
    {"name": "SW-1 secret without prefix", "secrets": [sw[6:]], "now": "1614265330", "body": swb, "headers": swx(), "want": "ok"},
    {"name": "SW-2", "source": "standard-webhooks libraries/rust/src/lib.rs", "secrets": [sw2], "now": "1649367553",
     "body": '{"email":"test@example.com","username":"test_user"}',
     "headers": {"webhook-id": "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", "webhook-timestamp": "1649367553", "webhook-signature": "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="}, "want": "ok"},
    {"name": "svix header names", "secrets": [sw], "now": "1614265330", "body": swb,
     "headers": {"svix-id": swh["webhook-id"], "svix-timestamp": swh["webhook-timestamp"], "svix-signature": swh["webhook-signature"]}, "want": "ok"},
    {"name": "list with unknown versions and a wrong one", "secrets": [sw], "now": "1614265330", "body": swb,
     "headers": swx(**{"webhook-signature": "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}), "want": "ok"},
    {"name": "typed payload", "secrets": [sw], "now": "1614265330", "body": typed,
     "headers": {"webhook-id": "msg_2", "webhook-timestamp": "1614265330", "webhook-signature": tsig}, "want": "ok",
     "event": {"type": "invoice.paid", "object_type": "invoice", "time": "2022-11-03T20:26:10Z"}},
    {"name": "wrong signature", "secrets": [sw], "now": "1614265330", "body": swb, "headers": swx(**{"webhook-signature": "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="}), "want": "signature_mismatch", "status": 401},
    {"name": "empty signature", "secrets": [sw], "now": "1614265330", "body": swb, "headers": swx(**{"webhook-signature": "v1,"}), "want": "malformed_signature"},
    {"name": "missing signature", "secrets": [sw], "now": "1614265330", "body": swb, "headers": swx(**{"webhook-signature": None}), "want": "missing_signature"},
    {"name": "missing id", "secrets": [sw], "now": "1614265330", "body": swb, "headers": swx(**{"webhook-id": None}), "want": "malformed_signature"},
    {"name": "stale by 5 min + 1 s", "secrets": [sw], "now": str(1614265330 + 301), "body": swb, "headers": swx(), "want": "stale_timestamp", "status": 401},
    {"name": "future by 5 min + 1 s", "secrets": [sw], "now": str(1614265330 - 301), "body": swb, "headers": swx(), "want": "future_timestamp", "status": 401},
    {"name": "edge of window", "secrets": [sw], "now": str(1614265330 + 300), "body": swb, "headers": swx(), "want": "ok"},
    {"name": "timestamp not a number", "secrets": [sw], "now": "1614265330", "body": swb, "headers": swx(**{"webhook-timestamp": "abc"}), "want": "malformed_timestamp"},
    {"name": "rotated secrets", "secrets": [sw2, sw], "now": "1614265330", "body": swb, "headers": swx(), "want": "ok"},
]})

# GitHub ----------------------------------------------------------------------
gs, gb = "It's a Secret to Everybody", "Hello, World!"
gsig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
issue = '{"action":"opened","issue":{"id":1,"number":2},"repository":{"full_name":"octo/hello"}}'
gh = {"X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-GitHub-Event": "issues", "Content-Type": "application/json"}
def ghx(sig, **kw):
    h = dict(gh); h["X-Hub-Signature-256"] = sig; h.update(kw); return {k: v for k, v in h.items() if v is not None}
write("github", {"provider": "github", "source": "providers.md 5.4", "cases": [
    {"name": "official docs vector", "source": "GitHub Docs, Validating webhook deliveries", "secrets": [gs], "body": gb, "headers": ghx(gsig), "want": "ok"},
    {"name": "go-github vector", "source": "google/go-github github/messages_test.go", "secrets": ["0123456789abcdef"], "body": '{"yo":true}',
     "headers": ghx("sha256=b1f8020f5b4cd42042f807dd939015c4a418bc1ff7f604dd55b0a19b5d953d9b"), "want": "ok"},
    {"name": "issue opened", "secrets": [gs], "body": issue, "headers": ghx("sha256=" + hexmac(gs, issue)), "want": "ok",
     "event": {"delivery_id": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "type": "issues", "subject": "octo/hello", "object_type": "issue", "object_id": "1", "action": "created"}},
    {"name": "sha1 only, not allowed", "secrets": ["0123456789abcdef"], "body": '{"yo":true}',
     "headers": ghx(None, **{"X-Hub-Signature": "sha1=126f2c800419c60137ce748d7672e77b65cf16d6"}), "want": "missing_signature"},
    {"name": "sha1 only, allowed by option", "secrets": ["0123456789abcdef"], "options": {"allow_sha1": "true"}, "body": '{"yo":true}',
     "headers": ghx(None, **{"X-Hub-Signature": "sha1=126f2c800419c60137ce748d7672e77b65cf16d6"}), "want": "ok"},
    {"name": "wrong secret", "secrets": ["nope"], "body": gb, "headers": ghx(gsig), "want": "signature_mismatch", "status": 401},
    {"name": "missing prefix", "secrets": [gs], "body": gb, "headers": ghx(gsig[7:]), "want": "malformed_signature", "status": 400},
    {"name": "truncated", "secrets": [gs], "body": gb, "headers": ghx(gsig[:-2]), "want": "signature_mismatch"},
    {"name": "not hex", "secrets": [gs], "body": gb, "headers": ghx("sha256=xyz"), "want": "malformed_signature"},
    {"name": "rotated", "secrets": ["old", gs], "body": gb, "headers": ghx(gsig), "want": "ok"},
    {"name": "wrong method", "secrets": [gs], "method": "GET", "want": "method_not_allowed", "status": 405},
    {"name": "oversize", "secrets": [gs], "max_body": 8, "body": gb, "headers": ghx(gsig), "want": "body_too_large", "status": 413},
]})

# Stripe ----------------------------------------------------------------------
ss = "whsec_test_secret"
sb = '{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"customer.created","created":1686089970,"data":{"object":{"id":"cus_9s6XKzkNRiz8i3","object":"customer"}}}'
st = 1686089970
def ssig(secret, t, body):
    return "t=%d,v1=%s" % (t, hexmac(secret, "%d.%s" % (t, body)))
write("stripe", {"provider": "stripe", "source": "providers.md 5.6 (derived from the documented scheme; stripe-go cross-check in oracle tests)", "cases": [
    {"name": "derived vector", "secrets": [ss], "now": str(st + 10), "body": sb, "headers": {"Stripe-Signature": ssig(ss, st, sb)}, "want": "ok",
     "event": {"delivery_id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "type": "customer.created", "object_type": "customer", "object_id": "cus_9s6XKzkNRiz8i3", "action": "created"}},
    {"name": "several v1 and a v0", "secrets": [ss], "now": str(st), "body": sb,
     "headers": {"Stripe-Signature": "t=%d,v1=%s,v1=%s,v0=abc" % (st, "00" * 32, hexmac(ss, "%d.%s" % (st, sb)))}, "want": "ok"},
    {"name": "rolled secret", "secrets": ["whsec_old", ss], "now": str(st), "body": sb, "headers": {"Stripe-Signature": ssig(ss, st, sb)}, "want": "ok"},
    {"name": "secret used verbatim, not base64-decoded", "secrets": [ss], "now": str(st), "body": sb,
     "headers": {"Stripe-Signature": "t=%d,v1=%s" % (st, hexmac(b"test_secret", "%d.%s" % (st, sb)))}, "want": "signature_mismatch"},
    {"name": "wrong secret", "secrets": ["whsec_other"], "now": str(st), "body": sb, "headers": {"Stripe-Signature": ssig(ss, st, sb)}, "want": "signature_mismatch", "status": 401},
    {"name": "stale", "secrets": [ss], "now": str(st + 301), "body": sb, "headers": {"Stripe-Signature": ssig(ss, st, sb)}, "want": "stale_timestamp", "status": 401},
    {"name": "future", "secrets": [ss], "now": str(st - 301), "body": sb, "headers": {"Stripe-Signature": ssig(ss, st, sb)}, "want": "future_timestamp", "status": 401},
    {"name": "no v1", "secrets": [ss], "now": str(st), "body": sb, "headers": {"Stripe-Signature": "t=%d,v0=abc" % st}, "want": "malformed_signature"},
    {"name": "no t", "secrets": [ss], "now": str(st), "body": sb, "headers": {"Stripe-Signature": "v1=" + "00" * 32}, "want": "missing_timestamp"},
    {"name": "missing header", "secrets": [ss], "now": str(st), "body": sb, "want": "missing_signature"},
]})

# Slack -----------------------------------------------------------------------
sk = "8f742231b10e8888abcd99yyyzzz85a5"
sbody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
sts = "1531420618"
def slsig(body, ts=sts, key=sk):
    return "v0=" + hexmac(key, "v0:%s:%s" % (ts, body))
assert slsig(sbody) == "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
SLACKGO_BODY = '{"token":"aF5ynEYQH0dFN9imlgcADxDB","team_id":"XXXXXXXXX","api_app_id":"YYYYYYYYY","event":{"type":"app_mention","user":"AAAAAAAAA","text":"<@EEEEEEEEE> hello world","client_msg_id":"477cc591-ch73-a14z-4db8-g0cd76321bec","ts":"1531431954.000073","channel":"TTTTTTTTT","event_ts":"1531431954.000073"},"type":"event_callback","event_id":"TvBP7LRED7","event_time":1531431954,"authed_users":["EEEEEEEEE"]}'
uv = '{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}'
ec = '{"team_id":"T061EG9R6","event_id":"Ev0PV52K21","event_time":1531420618,"type":"event_callback","event":{"type":"app_mention","user":"U061F7AUR"}}'
uvbad = '{"type":"url_verification","challenge":"<img src=x>"}'
def slh(sig, ts=sts, ct="application/x-www-form-urlencoded"):
    return {"X-Slack-Signature": sig, "X-Slack-Request-Timestamp": ts, "Content-Type": ct}
write("slack", {"provider": "slack", "source": "providers.md 5.7", "cases": [
    {"name": "official vector (slash command)", "source": "slackapi/python-slack-sdk tests/slack_sdk/signature/test_signature_verifier.py",
     "secrets": [sk], "now": sts, "body": sbody, "headers": slh(slsig(sbody)), "want": "ok",
     "event": {"type": "command", "object_id": "/webhook-collect", "subject": "T1DC2JH3J"}},
    {"name": "slack-go vector", "source": "slack-go/slack security_test.go", "secrets": ["e6b19c573432dcc6b075501d51b51bb8"], "now": "1531431954",
     "body": SLACKGO_BODY, "headers": slh("v0=adada4ed31709aef585c2580ca3267678c6a8eaeb7e0c1aca3ee57b656886b2c", "1531431954", "application/json"), "want": "ok",
     "event": {"delivery_id": "TvBP7LRED7", "type": "app_mention", "subject": "XXXXXXXXX"}},
    {"name": "url_verification answered after the signature check", "secrets": [sk], "now": sts, "body": uv,
     "headers": slh(slsig(uv), ct="application/json"), "want": "handshake", "status": 200,
     "reply_body": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "reply_headers": {"X-Content-Type-Options": "nosniff"}},
    {"name": "url_verification with a forged signature", "secrets": [sk], "now": sts, "body": uv,
     "headers": slh(slsig(uv, key="forged"), ct="application/json"), "want": "signature_mismatch", "status": 401},
    {"name": "url_verification challenge with markup", "secrets": [sk], "now": sts, "body": uvbad,
     "headers": slh(slsig(uvbad), ct="application/json"), "want": "bad_challenge", "status": 400},
    {"name": "event callback", "secrets": [sk], "now": sts, "body": ec, "headers": slh(slsig(ec), ct="application/json"), "want": "ok",
     "event": {"delivery_id": "Ev0PV52K21", "type": "app_mention", "subject": "T061EG9R6"}},
    {"name": "stale", "secrets": [sk], "now": str(int(sts) + 301), "body": sbody, "headers": slh(slsig(sbody)), "want": "stale_timestamp", "status": 401},
    {"name": "future", "secrets": [sk], "now": str(int(sts) - 301), "body": sbody, "headers": slh(slsig(sbody)), "want": "future_timestamp", "status": 401},
    {"name": "wrong secret", "secrets": ["x" * 32], "now": sts, "body": sbody, "headers": slh(slsig(sbody)), "want": "signature_mismatch"},
    {"name": "missing timestamp", "secrets": [sk], "now": sts, "body": sbody, "headers": {"X-Slack-Signature": slsig(sbody)}, "want": "missing_timestamp", "status": 400},
    {"name": "missing signature", "secrets": [sk], "now": sts, "body": sbody, "headers": {"X-Slack-Request-Timestamp": sts}, "want": "missing_signature"},
    {"name": "wrong version prefix", "secrets": [sk], "now": sts, "body": sbody, "headers": slh("v1=" + slsig(sbody)[3:]), "want": "malformed_signature"},
]})

# Generic ---------------------------------------------------------------------
gk = "generic-secret"
gbody = '{"kind":"order.created","id":"ord_1"}'
write("generic", {"provider": "generic", "source": "design.md (generic HMAC provider); computed from the template definition", "cases": [
    {"name": "body only, hex sha256 with prefix", "secrets": [gk], "options": {"header": "X-Signature", "prefix": "sha256="},
     "body": gbody, "headers": {"X-Signature": "sha256=" + hexmac(gk, gbody)}, "want": "ok"},
    {"name": "timestamp template, base64 sha512", "secrets": [gk],
     "options": {"header": "X-Sig", "algorithm": "sha512", "encoding": "base64", "signed_content": "{timestamp}.{body}", "timestamp_header": "X-Ts", "id_header": "X-Id", "event_type_header": "X-Event"},
     "now": "1700000000", "body": gbody,
     "headers": {"X-Sig": b64mac(gk, "1700000000." + gbody, h=hashlib.sha512), "X-Ts": "1700000000", "X-Id": "d-1", "X-Event": "order.created"},
     "want": "ok", "event": {"delivery_id": "d-1", "type": "order.created", "object_type": "order", "action": "created"}},
    {"name": "id template, sha1, base64 key", "secrets": [base64.b64encode(b"raw-key-bytes").decode()],
     "options": {"header": "X-Sig", "algorithm": "sha1", "signed_content": "{id}:{body}", "id_header": "X-Id", "key_encoding": "base64"},
     "body": gbody, "headers": {"X-Sig": hexmac(b"raw-key-bytes", "d-2:" + gbody, h=hashlib.sha1), "X-Id": "d-2"}, "want": "ok"},
    {"name": "stale", "secrets": [gk], "options": {"header": "X-Sig", "signed_content": "{timestamp}{body}", "timestamp_header": "X-Ts"},
     "now": "1700000301", "body": gbody, "headers": {"X-Sig": hexmac(gk, "1700000000" + gbody), "X-Ts": "1700000000"}, "want": "stale_timestamp"},
    {"name": "ms timestamps", "secrets": [gk], "options": {"header": "X-Sig", "signed_content": "{timestamp}{body}", "timestamp_header": "X-Ts", "timestamp_format": "unix_ms"},
     "now": "1700000000", "body": gbody, "headers": {"X-Sig": hexmac(gk, "1700000000500" + gbody), "X-Ts": "1700000000500"}, "want": "ok"},
    {"name": "wrong secret", "secrets": ["nope"], "options": {"header": "X-Signature"}, "body": gbody, "headers": {"X-Signature": hexmac(gk, gbody)}, "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [gk], "options": {"header": "X-Signature"}, "body": gbody, "want": "missing_signature"},
    {"name": "prefix missing", "secrets": [gk], "options": {"header": "X-Signature", "prefix": "sha256="}, "body": gbody, "headers": {"X-Signature": hexmac(gk, gbody)}, "want": "malformed_signature"},
]})
print("ok")
