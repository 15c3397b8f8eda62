#!/usr/bin/env python3
"""Writes the group-D providers' vector files (core/testdata/vectors/*.json).

Group D is the ngrok verify-webhook ids that providers.md does not cover. Each
scheme was looked up in the provider's own docs or SDK (named in "source");
official known-answer vectors are copied from those SDK tests, every other
case is computed here from the scheme's definition with Python's hmac,
hashlib and base64, independently of the Go code under test. All schemes of
this group are symmetric (HMAC or shared token), so no keys had to be made by
another program. Run from core/testdata.
"""
import base64, hashlib, hmac, json
from urllib.parse import urlencode, parse_qsl, urlparse

S256, S1 = hashlib.sha256, hashlib.sha1


from vectorlib import mac, hexmac as hx, b64mac as b64, write as _write


def write(name, doc):
    _write(name, doc, ensure_ascii=False)


def tamper(body):
    """Changes one character of the body so any MAC over it breaks."""
    i = body.index(":") + 2 if ":" in body else len(body) // 2
    return body[:i] + ("X" if body[i] != "X" else "Y") + body[i + 1:]


def body_mac_cases(header, sign, secret, body, event=None, headers=None, prefix="",
                   malformed="not-a-signature!!", method_ok="POST"):
    """The cases every body-HMAC preset gets: valid, rotation, wrong secret,
    tampered body, missing and malformed header, wrong method."""
    hd = dict(headers or {})
    good = dict(hd, **{header: prefix + sign(secret, body)})
    return [
        {"name": "valid", "secrets": [secret], "headers": good, "body": body, "want": "ok", "event": event},
        {"name": "rotated secret", "secrets": ["old-secret", secret], "headers": good, "body": body, "want": "ok"},
        {"name": "wrong secret", "secrets": ["not-the-secret"], "headers": good, "body": body,
         "want": "signature_mismatch", "status": 401},
        {"name": "tampered body", "secrets": [secret], "headers": good, "body": tamper(body),
         "want": "signature_mismatch", "status": 401},
        {"name": "missing header", "secrets": [secret], "headers": hd, "body": body,
         "want": "missing_signature", "status": 400},
        {"name": "malformed header", "secrets": [secret], "headers": dict(hd, **{header: prefix + malformed}),
         "body": body, "want": "malformed_signature", "status": 400},
        {"name": "wrong method", "secrets": [secret], "method": "PUT", "headers": good, "body": body,
         "want": "method_not_allowed", "status": 405},
    ]


def clean(cases):
    for c in cases:
        if c.get("event") is None:
            c.pop("event", None)
    return cases


def hexsig(h=S256):
    return lambda k, b: hx(k, b, h=h)


def b64sig(h=S256):
    return lambda k, b: b64(k, b, h=h)


# AfterShip ------------------------------------------------------------------
src = ("AfterShip docs: Tracking webhook signature (aftership-hmac-sha256: base64 HMAC-SHA256 of the body "
       "with the webhook secret), https://www.aftership.com/docs/tracking/webhook/webhook-signature; Returns and "
       "Warranty use as-signature-hmac-sha256; Shipping organizations before 2022-10-25 use am-webhook-signature "
       "with hmac-sha256=, https://www.aftership.com/docs/returns/2025-04/webhook/signature")
sec = "aftership_webhook_secret"
body = ('{"event":"tracking_update","event_id":"c5d7a2b6-3c1e-4b3a-9f3e-2b8f7f1f0a11","is_tracking_first_tag":false,'
        '"msg":{"id":"5b74f4958776db0e00b6f5ed","tracking_number":"1234567890","tag":"InTransit"},"ts":1700000000}')
cases = body_mac_cases("aftership-hmac-sha256", b64sig(), sec, body, event={
    "delivery_id": "c5d7a2b6-3c1e-4b3a-9f3e-2b8f7f1f0a11", "type": "tracking_update", "object_type": "tracking",
    "object_id": "5b74f4958776db0e00b6f5ed", "subject": "1234567890", "action": "updated", "time": "2023-11-14T22:13:20Z"})
cases += [
    {"name": "returns header", "secrets": [sec], "headers": {"as-signature-hmac-sha256": b64(sec, body)}, "body": body, "want": "ok"},
    {"name": "shipping header with prefix", "secrets": [sec], "headers": {"am-webhook-signature": "hmac-sha256=" + b64(sec, body)}, "body": body, "want": "ok"},
    {"name": "shipping header bare", "secrets": [sec], "headers": {"am-webhook-signature": b64(sec, body)}, "body": body, "want": "ok"},
    {"name": "hex is not AfterShip's encoding", "secrets": [sec], "headers": {"aftership-hmac-sha256": hx(sec, body)}, "body": body, "want": "signature_mismatch"},
]
write("aftership", {"provider": "aftership", "source": src, "cases": clean(cases)})

# Airship --------------------------------------------------------------------
src = ("Airship support: Implementing a Signature Hash and Validating an Open Channel Webhook "
       "(X-UA-Signature = hex HMAC-SHA256(secret, X-UA-TIMESTAMP + ':' + body), unix seconds; the GET /validate "
       "call is signed over an empty body), https://support.airship.com/hc/en-us/articles/360032501831; "
       "the replay window is not stated (hookstile default 5 min)")
sec = "68688b9dbd5c381851d3cd51dba3093c6633ceef58e6fee6ad4757f857f59aea"
ts = "1536947409"
body = '{"audience":{"named_user":"user-1"},"notification":{"alert":"Hello"},"app_key":"ISex_TTJRuarzs9n_2Kxzw"}'
sig = hx(sec, ts, ":", body)
gsig = hx(sec, ts, ":")
H = {"X-UA-Timestamp": ts, "X-UA-Signature": sig}
cases = [
    {"name": "valid push", "secrets": [sec], "now": "1536947419", "headers": H, "body": body, "want": "ok",
     "event": {"type": "push", "subject": "ISex_TTJRuarzs9n_2Kxzw", "time": "2018-09-14T17:50:09Z"}},
    {"name": "rotated secret", "secrets": ["old", sec], "now": ts, "headers": H, "body": body, "want": "ok"},
    {"name": "signed GET validation answered", "secrets": [sec], "now": ts, "method": "GET", "url": "/hooks/airship/validate",
     "headers": {"X-UA-Timestamp": ts, "X-UA-Signature": gsig}, "want": "handshake", "status": 200, "reply_body": "",
     "reply_headers": {"X-Content-Type-Options": "nosniff"}},
    {"name": "unsigned GET validation refused", "secrets": [sec], "now": ts, "method": "GET", "want": "missing_signature", "status": 400},
    {"name": "GET validation with wrong secret refused", "secrets": ["other"], "now": ts, "method": "GET",
     "headers": {"X-UA-Timestamp": ts, "X-UA-Signature": gsig}, "want": "signature_mismatch", "status": 401},
    {"name": "wrong secret", "secrets": ["other"], "now": ts, "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sec], "now": ts, "headers": H, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "timestamp not signed as sent", "secrets": [sec], "now": ts, "headers": {"X-UA-Timestamp": "1536947408", "X-UA-Signature": sig}, "body": body, "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [sec], "now": ts, "headers": {"X-UA-Timestamp": ts}, "body": body, "want": "missing_signature"},
    {"name": "missing timestamp", "secrets": [sec], "now": ts, "headers": {"X-UA-Signature": sig}, "body": body, "want": "missing_timestamp"},
    {"name": "malformed timestamp", "secrets": [sec], "now": ts, "headers": {"X-UA-Timestamp": "yesterday", "X-UA-Signature": sig}, "body": body, "want": "malformed_timestamp"},
    {"name": "malformed signature", "secrets": [sec], "now": ts, "headers": {"X-UA-Timestamp": ts, "X-UA-Signature": "zz"}, "body": body, "want": "malformed_signature"},
    {"name": "stale", "secrets": [sec], "now": str(int(ts) + 301), "headers": H, "body": body, "want": "stale_timestamp", "status": 401},
    {"name": "future", "secrets": [sec], "now": str(int(ts) - 301), "headers": H, "body": body, "want": "future_timestamp", "status": 401},
    {"name": "wrong method", "secrets": [sec], "now": ts, "method": "PUT", "headers": H, "body": body, "want": "method_not_allowed", "status": 405},
]
write("airship", {"provider": "airship", "source": src, "cases": cases})

# Alchemy --------------------------------------------------------------------
src = ("Alchemy Notify webhooks quickstart (validateAlchemySignature: hex HMAC-SHA256 of the raw body with the "
       "webhook signing key, X-Alchemy-Signature), https://www.alchemy.com/docs/reference/notify-api-quickstart")
sec = "whsec_test"
body = ('{"webhookId":"wh_octjglnywaupz6th","id":"whevt_ogrc5v64myey69ux","createdAt":"2022-02-28T17:48:53.306Z",'
        '"type":"ADDRESS_ACTIVITY","event":{"network":"ETH_MAINNET","activity":[]}}')
cases = body_mac_cases("X-Alchemy-Signature", hexsig(), sec, body, event={
    "delivery_id": "whevt_ogrc5v64myey69ux", "type": "ADDRESS_ACTIVITY", "subject": "wh_octjglnywaupz6th",
    "time": "2022-02-28T17:48:53Z"})
write("alchemy", {"provider": "alchemy", "source": src, "cases": clean(cases)})

# Autodesk -------------------------------------------------------------------
src = ("Autodesk Platform Services Webhooks: How to Verify Payload Signature (x-adsk-signature: sha1hash= + hex "
       "HMAC-SHA1 of the payload with the secret token), https://aps.autodesk.com/en/docs/webhooks/v1/tutorials/how-to-verify-payload-signature/")
sec = "adsk-secret-token"
body = ('{"version":"1.0","resourceUrn":"urn:adsk.wipprod:fs.file:vf.abc?version=1","hook":{"hookId":"0f60f6a0-1b2c",'
        '"tenant":"urn:adsk.wipprod:fs.folder:co.xyz","event":"dm.version.added","createdDate":"2023-03-01T10:00:00.000Z"},"payload":{}}')
cases = body_mac_cases("x-adsk-signature", lambda k, b: hx(k, b, h=S1), sec, body, prefix="sha1hash=", event={
    "type": "dm.version.added", "object_type": "dm.version", "action": "created",
    "object_id": "urn:adsk.wipprod:fs.file:vf.abc?version=1", "time": "2023-03-01T10:00:00Z"})
cases.append({"name": "prefix required", "secrets": [sec], "headers": {"x-adsk-signature": hx(sec, body, h=S1)}, "body": body, "want": "malformed_signature"})
cases.append({"name": "sha256 is not Autodesk's algorithm", "secrets": [sec], "headers": {"x-adsk-signature": "sha1hash=" + hx(sec, body)}, "body": body, "want": "signature_mismatch"})
write("autodesk", {"provider": "autodesk", "source": src, "cases": clean(cases)})

# Bolt -----------------------------------------------------------------------
src = ("Bolt Help: How to Verify Webhooks (X-Bolt-Hmac-Sha256 = base64 HMAC-SHA256 of the payload with the signing "
       "secret), https://help.bolt.com/developers/webhooks/hook-verification/")
sec = "bolt_signing_secret"
body = '{"type":"payment","object":"transaction","data":{"id":"TAe9fvzGqN7Bh","reference":"LBLJ-TWW7-R9VC","status":"authorized"}}'
cases = body_mac_cases("X-Bolt-Hmac-Sha256", b64sig(), sec, body, event={
    "type": "payment", "object_type": "transaction", "object_id": "TAe9fvzGqN7Bh"})
write("bolt", {"provider": "bolt", "source": src, "cases": clean(cases)})

# Brex -----------------------------------------------------------------------
src = ("Brex webhooks: Webhook-Id, Webhook-Timestamp and Webhook-Signature (space-separated v1,<base64>), HMAC-SHA256 "
       "over id.timestamp.body keyed with the base64-decoded secret from GET /v1/webhooks/secrets (Standard "
       "Webhooks); verification code at https://trigger.dev/apis/brex/examples/brex-http-endpoint and ngrok "
       "integrations/webhooks/brex-webhooks.mdx; webhooks.fyi lists rotation, versioning and timestamp")
key = bytes(range(1, 33))
sec = base64.b64encode(key).decode()
wid, ts = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "1700000000"
body = '{"event_type":"EXPENSE_PAYMENT_UPDATED","expense_id":"expense_123","payment_status":"CLEARED","company_id":"cuacc_456"}'
sig = "v1," + b64(key, wid, ".", ts, ".", body)
H = {"Webhook-Id": wid, "Webhook-Timestamp": ts, "Webhook-Signature": sig}
cases = [
    {"name": "valid", "secrets": [sec], "now": "1700000010", "headers": H, "body": body, "want": "ok",
     "event": {"delivery_id": wid, "type": "EXPENSE_PAYMENT_UPDATED", "subject": "cuacc_456", "object_type": "expense",
               "object_id": "expense_123", "time": "2023-11-14T22:13:20Z"}},
    {"name": "whsec_ prefix accepted", "secrets": ["whsec_" + sec], "now": ts, "headers": H, "body": body, "want": "ok"},
    {"name": "two secrets during rotation", "secrets": [base64.b64encode(b"old-key-old-key!").decode(), sec], "now": ts, "headers": H, "body": body, "want": "ok"},
    {"name": "several signatures", "secrets": [sec], "now": ts, "headers": dict(H, **{"Webhook-Signature": "v1,AAAA " + sig}), "body": body, "want": "ok"},
    {"name": "wrong secret", "secrets": [base64.b64encode(b"another-key-1234").decode()], "now": ts, "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sec], "now": ts, "headers": H, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [sec], "now": ts, "headers": {"Webhook-Id": wid, "Webhook-Timestamp": ts}, "body": body, "want": "missing_signature"},
    {"name": "missing id", "secrets": [sec], "now": ts, "headers": {"Webhook-Timestamp": ts, "Webhook-Signature": sig}, "body": body, "want": "malformed_signature"},
    {"name": "missing timestamp", "secrets": [sec], "now": ts, "headers": {"Webhook-Id": wid, "Webhook-Signature": sig}, "body": body, "want": "missing_timestamp"},
    {"name": "stale", "secrets": [sec], "now": "1700000301", "headers": H, "body": body, "want": "stale_timestamp"},
    {"name": "future", "secrets": [sec], "now": "1699999699", "headers": H, "body": body, "want": "future_timestamp"},
]
write("brex", {"provider": "brex", "source": src, "cases": cases})

# Buildkite ------------------------------------------------------------------
src = ("Buildkite docs: Pipelines webhooks (the token is sent as plain X-Buildkite-Token or as X-Buildkite-Signature), "
       "https://buildkite.com/docs/apis/webhooks/pipelines; header grammar timestamp=<unix>,signature=<hex HMAC-SHA256("
       "token, timestamp.body)> as in a third-party receiver (tangled.org gpanders.com/treadle src/webhook.ts); "
       "window not stated by Buildkite (hookstile default 5 min)")
sec = "bk_webhook_token"
ts = "1700000000"
body = ('{"event":"build.finished","build":{"id":"f62a1b4d-10f9-4790-bc1c-e2c3a0c80983","state":"passed"},'
        '"pipeline":{"slug":"my-pipeline"},"sender":{"name":"Keith"}}')
sig = "timestamp=%s,signature=%s" % (ts, hx(sec, ts, ".", body))
H = {"X-Buildkite-Signature": sig, "X-Buildkite-Event": "build.finished"}
cases = [
    {"name": "valid signature", "secrets": [sec], "now": "1700000010", "headers": H, "body": body, "want": "ok",
     "event": {"type": "build.finished", "object_type": "build", "object_id": "f62a1b4d-10f9-4790-bc1c-e2c3a0c80983",
               "subject": "my-pipeline", "time": "2023-11-14T22:13:20Z"}},
    {"name": "valid token", "secrets": [sec], "headers": {"X-Buildkite-Token": sec, "X-Buildkite-Event": "build.finished"}, "body": body, "want": "ok"},
    {"name": "rotated token", "secrets": ["old", sec], "headers": {"X-Buildkite-Token": sec}, "body": body, "want": "ok"},
    {"name": "wrong token", "secrets": [sec], "headers": {"X-Buildkite-Token": "guess"}, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "wrong secret", "secrets": ["other"], "now": ts, "headers": H, "body": body, "want": "signature_mismatch"},
    {"name": "tampered body", "secrets": [sec], "now": ts, "headers": H, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "missing signature and token", "secrets": [sec], "body": body, "want": "missing_signature", "status": 400},
    {"name": "missing timestamp", "secrets": [sec], "now": ts, "headers": {"X-Buildkite-Signature": "signature=" + hx(sec, ts, ".", body)}, "body": body, "want": "missing_timestamp"},
    {"name": "no signature part", "secrets": [sec], "now": ts, "headers": {"X-Buildkite-Signature": "timestamp=" + ts}, "body": body, "want": "malformed_signature"},
    {"name": "stale", "secrets": [sec], "now": "1700000301", "headers": H, "body": body, "want": "stale_timestamp"},
    {"name": "future", "secrets": [sec], "now": "1699999699", "headers": H, "body": body, "want": "future_timestamp"},
]
write("buildkite", {"provider": "buildkite", "source": src, "cases": cases})

# Castle ---------------------------------------------------------------------
src = ("castle/castle-ruby lib/castle/webhooks/verify.rb and castle-php Castle_Webhook (X-Castle-Signature = base64 "
       "HMAC-SHA256 of the body with the API secret); body shape from castle-ruby spec/lib/castle/webhooks/verify_spec.rb")
sec = "secretkey"
body = ('{"api_version":"v1","app_id":"12345","type":"$incident.confirmed","created_at":"2020-12-18T12:55:21.779Z",'
        '"data":{"id":"test","device_token":"token","user_id":"12345","trigger":"$login.succeeded"}}')
cases = body_mac_cases("X-Castle-Signature", b64sig(), sec, body, event={
    "type": "$incident.confirmed", "subject": "12345", "object_type": "user", "object_id": "12345", "time": "2020-12-18T12:55:21Z"})
write("castle", {"provider": "castle", "source": src, "cases": clean(cases)})

# Chargify / Maxio ----------------------------------------------------------
src = ("Maxio (Chargify) webhooks: X-Chargify-Webhook-Signature-Hmac-Sha-256 = hex HMAC-SHA256 of the raw form body with "
       "the site shared key (gists moklett/7456242 and mediocretes/a0c4ac069dec105b167e); the webhook id 'is not "
       "changed on a retry/replay' (@maxio-com/advanced-billing-sdk models/webhook.ts)")
sec = "b65ca1b9a6eaea838b7c536ca0ca5fe634214b5d"
body = urlencode([("id", "123456"), ("event", "signup_success"), ("payload[subscription][id]", "987"),
                  ("payload[subscription][state]", "active"), ("payload[site][subdomain]", "acme")])
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
cases = body_mac_cases("X-Chargify-Webhook-Signature-Hmac-Sha-256", hexsig(), sec, body,
                       headers=dict(FORM, **{"X-Chargify-Webhook-Id": "123456"}), event={
    "delivery_id": "123456", "type": "signup_success", "object_type": "subscription", "object_id": "987", "subject": "acme"})
cases.append({"name": "id from the form when the header is absent", "secrets": [sec],
              "headers": dict(FORM, **{"X-Chargify-Webhook-Signature-Hmac-Sha-256": hx(sec, body)}), "body": body,
              "want": "ok", "event": {"delivery_id": "123456"}})
bad = "id=1&event=%zz"
cases.append({"name": "signed but undecodable form", "secrets": [sec],
              "headers": dict(FORM, **{"X-Chargify-Webhook-Signature-Hmac-Sha-256": hx(sec, bad)}), "body": bad, "want": "malformed_payload"})
write("chargify", {"provider": "chargify", "source": src, "cases": clean(cases)})

# Clearbit -------------------------------------------------------------------
src = ("clearbit/clearbit-ruby lib/clearbit/webhook.rb (X-Request-Signature = 'sha1=' + hex HMAC-SHA1 of the body "
       "keyed with the API key)")
sec = "sk_clearbit_test_key"
body = '{"id":"custom_id","status":200,"type":"person","body":{"name":{"fullName":"Alex MacCaw"}}}'
cases = body_mac_cases("X-Request-Signature", lambda k, b: hx(k, b, h=S1), sec, body, prefix="sha1=", event={
    "type": "person", "object_type": "person", "object_id": "custom_id"})
write("clearbit", {"provider": "clearbit", "source": src, "cases": clean(cases)})

# Go1 ------------------------------------------------------------------------
src = ("go1com/webhook-verifier-js src/signature-verifier.ts and src/create-signature.ts (go1-signature: "
       "t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>, default tolerance 60 s) and test/signature-verifier.spec.ts")
sec = "go1-shared-secret"
ts = "1714557600"
body = ('{"id":"6a4c7d18-9d0e-4f5a-8b1c-2d3e4f5a6b7c","event_type":"enrollment.complete","webhook_version":"3.0.0",'
        '"sent":"2024-05-01T10:00:00Z","attempt_number":1,"webhook_id":"wh_1","data":{"id":"enr_1"}}')
sig = "t=%s,v1=%s" % (ts, hx(sec, ts, ".", body))
H = {"go1-signature": sig}
cases = [
    {"name": "valid", "secrets": [sec], "now": "1714557610", "headers": H, "body": body, "want": "ok",
     "event": {"delivery_id": "6a4c7d18-9d0e-4f5a-8b1c-2d3e4f5a6b7c", "type": "enrollment.complete", "object_type": "enrollment",
               "action": "updated", "object_id": "enr_1", "time": "2024-05-01T10:00:00Z"}},
    {"name": "rotated secret", "secrets": ["old", sec], "now": ts, "headers": H, "body": body, "want": "ok"},
    {"name": "wrong secret", "secrets": ["other"], "now": ts, "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sec], "now": ts, "headers": H, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [sec], "now": ts, "body": body, "want": "missing_signature"},
    {"name": "other signature version", "secrets": [sec], "now": ts, "headers": {"go1-signature": sig.replace("v1=", "v2=")}, "body": body, "want": "malformed_signature"},
    {"name": "missing timestamp", "secrets": [sec], "now": ts, "headers": {"go1-signature": sig.split(",")[1]}, "body": body, "want": "missing_timestamp"},
    {"name": "stale after 60 s", "secrets": [sec], "now": "1714557661", "headers": H, "body": body, "want": "stale_timestamp"},
    {"name": "future beyond 60 s", "secrets": [sec], "now": "1714557539", "headers": H, "body": body, "want": "future_timestamp"},
    {"name": "configured tolerance", "secrets": [sec], "tolerance": "5m", "now": "1714557661", "headers": H, "body": body, "want": "ok"},
]
write("go1", {"provider": "go1", "source": src, "cases": cases})

# Hygraph (GraphCMS) ---------------------------------------------------------
src = ("@hygraph/utils (npm, formerly @graphcms/utils) verifyWebhookSignature: gcms-signature 'sign=<b64>, env=<env>, "
       "t=<ts>', sign = base64 HMAC-SHA256(secret, JSON.stringify({Body: rawPayload, EnvironmentName: env, TimeStamp: t})); "
       "algorithm as re-implemented in several receivers (e.g. a Vercel handler and withWebhookSignature found by "
       "code search); the replay window is not stated (hookstile default 5 min)")
sec = "rCNwyiloY3oJYYkxgpBXaleIiUv5MYlx"


def hygraph_sig(secret, body, env, t):
    content = json.dumps({"Body": body, "EnvironmentName": env, "TimeStamp": t}, separators=(",", ":"), ensure_ascii=False)
    return "sign=%s, env=%s, t=%d" % (b64(secret, content), env, t)


body = '{"operation":"publish","data":{"__typename":"Post","id":"ckb1","title":"<b>Tom & Jérôme</b>\u2028"}}'
pretty = '{\n  "operation": "update",\n  "data": {"__typename": "Post", "id": "ckb2", "tab": "\\t"}\n}'
tms = 1700000000000
sig = hygraph_sig(sec, body, "master", tms)
cases = [
    {"name": "valid, ms timestamp, markup and U+2028 in the body", "secrets": [sec], "now": "1700000010",
     "headers": {"gcms-signature": sig}, "body": body, "want": "ok",
     "event": {"type": "publish", "object_type": "Post", "object_id": "ckb1", "subject": "master", "time": "2023-11-14T22:13:20Z"}},
    {"name": "pretty-printed body with newlines", "secrets": [sec], "now": "1700000000",
     "headers": {"gcms-signature": hygraph_sig(sec, pretty, "staging", 1700000000)}, "body": pretty, "want": "ok",
     "event": {"type": "update", "action": "updated", "subject": "staging"}},
    {"name": "rotated secret", "secrets": ["old", sec], "now": "1700000000", "headers": {"gcms-signature": sig}, "body": body, "want": "ok"},
    {"name": "wrong secret", "secrets": ["other"], "now": "1700000000", "headers": {"gcms-signature": sig}, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sec], "now": "1700000000", "headers": {"gcms-signature": sig}, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "environment changed", "secrets": [sec], "now": "1700000000", "headers": {"gcms-signature": sig.replace("env=master", "env=prod")}, "body": body, "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [sec], "now": "1700000000", "body": body, "want": "missing_signature"},
    {"name": "no sign part", "secrets": [sec], "now": "1700000000", "headers": {"gcms-signature": "env=master, t=1700000000000"}, "body": body, "want": "malformed_signature"},
    {"name": "missing timestamp", "secrets": [sec], "now": "1700000000", "headers": {"gcms-signature": sig.split(", t=")[0]}, "body": body, "want": "missing_timestamp"},
    {"name": "stale", "secrets": [sec], "now": "1700000301", "headers": {"gcms-signature": sig}, "body": body, "want": "stale_timestamp"},
    {"name": "future", "secrets": [sec], "now": "1699999699", "headers": {"gcms-signature": sig}, "body": body, "want": "future_timestamp"},
]
write("graphcms", {"provider": "graphcms", "also": [], "source": src, "cases": cases})

# Heroku ---------------------------------------------------------------------
src = ("Heroku Dev Center: App Webhooks, securing webhook requests (Heroku-Webhook-Hmac-SHA256 = base64 HMAC-SHA256 of "
       "the body with the webhook secret), https://devcenter.heroku.com/articles/app-webhooks#securing-webhook-requests; "
       "payload with webhook_metadata.delivery.id")
sec = "heroku-webhook-secret"
body = ('{"id":"evt_1","data":{"id":"rel_1","app":{"name":"example-app"}},"actor":{"email":"a@example.com"},'
        '"action":"create","resource":"release","created_at":"2024-01-02T03:04:05Z","webhook_metadata":{"attempt":'
        '{"id":"att_1"},"delivery":{"id":"dlv_1"},"event":{"id":"evt_1","include":"api:release"},"webhook":{"id":"wh_1"}}}')
cases = body_mac_cases("Heroku-Webhook-Hmac-SHA256", b64sig(), sec, body, headers={"Heroku-Webhook-Id": "dlv_1"}, event={
    "delivery_id": "dlv_1", "type": "release.create", "object_type": "release", "object_id": "rel_1", "action": "created",
    "subject": "example-app", "time": "2024-01-02T03:04:05Z"})
write("heroku", {"provider": "heroku", "source": src, "cases": clean(cases)})

# HostedHooks ----------------------------------------------------------------
src = ("HostedHooks docs: Webhook Signatures (HostedHooks-Signature: t=<unix>,s=<hex HMAC-SHA256(endpoint signing secret, "
       "t.body)>; retries are re-signed with a new timestamp), https://docs.hostedhooks.com/security/security-features/webhook-signatures")
sec = "hh_endpoint_signing_secret"
ts = "1623436092"
body = '{"data":{"foo":"bar"},"event_type":"myapp.event","version":"1.0","event_id":"00001"}'
sig = "t=%s,s=%s" % (ts, hx(sec, ts, ".", body))
H = {"HostedHooks-Signature": sig}
cases = [
    {"name": "valid", "secrets": [sec], "now": "1623436100", "headers": H, "body": body, "want": "ok",
     "event": {"delivery_id": "00001", "type": "myapp.event", "object_type": "myapp", "time": "2021-06-11T18:28:12Z"}},
    {"name": "rotated secret", "secrets": ["old", sec], "now": ts, "headers": H, "body": body, "want": "ok"},
    {"name": "wrong secret", "secrets": ["other"], "now": ts, "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sec], "now": ts, "headers": H, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [sec], "now": ts, "body": body, "want": "missing_signature"},
    {"name": "no s part", "secrets": [sec], "now": ts, "headers": {"HostedHooks-Signature": "t=" + ts}, "body": body, "want": "malformed_signature"},
    {"name": "stale", "secrets": [sec], "now": str(int(ts) + 301), "headers": H, "body": body, "want": "stale_timestamp"},
    {"name": "future", "secrets": [sec], "now": str(int(ts) - 301), "headers": H, "body": body, "want": "future_timestamp"},
]
write("hostedhooks", {"provider": "hostedhooks", "source": src, "cases": cases})

# LaunchDarkly ---------------------------------------------------------------
src = ("LaunchDarkly docs: Webhooks, signing webhooks (X-LD-Signature = hex HMAC-SHA256 of the body with the webhook "
       "secret), https://docs.launchdarkly.com/home/connecting/webhooks#signing-webhooks; audit-log entry shape")
sec = "ld-webhook-secret"
body = ('{"_id":"5defd6a4fc8cab0851b39f5c","kind":"flag","name":"Example flag","accesses":[{"action":"updateOn",'
        '"resource":"proj/default:env/production:flag/example-flag"}],"date":1575999140000,"member":{"email":"ops@example.com"},'
        '"titleVerb":"turned on the flag"}')
cases = body_mac_cases("X-LD-Signature", hexsig(), sec, body, event={
    "delivery_id": "5defd6a4fc8cab0851b39f5c", "type": "flag", "object_type": "flag", "object_id": "Example flag",
    "action": "updated", "subject": "ops@example.com", "time": "2019-12-10T17:32:20Z"})
write("launch_darkly", {"provider": "launch_darkly", "source": src, "cases": clean(cases)})

# Mailchimp ------------------------------------------------------------------
src = ("Mailchimp Marketing API: Webhooks (no signature; Mailchimp checks the URL with a GET and posts form-encoded "
       "events: type, fired_at, data[...]), https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/; "
       "the secret-in-the-URL practice follows that guide's advice and ngrok's mailchimp preset")
sec = "mc-url-secret-42"
body = urlencode([("type", "subscribe"), ("fired_at", "2009-03-26 21:35:57"), ("data[id]", "8a25ff1d98"),
                  ("data[list_id]", "a6b5da1054"), ("data[email]", "api@mailchimp.com"), ("data[merges][FNAME]", "Mailchimp")])
U = "/hooks/mailchimp?secret=" + sec
cases = [
    {"name": "subscribe event", "secrets": [sec], "url": U, "headers": FORM, "body": body, "want": "ok",
     "event": {"type": "subscribe", "action": "created", "subject": "a6b5da1054", "object_type": "member",
               "object_id": "8a25ff1d98", "time": "2009-03-26T21:35:57Z"}},
    {"name": "rotated secret", "secrets": ["old", sec], "url": U, "headers": FORM, "body": body, "want": "ok"},
    {"name": "custom query parameter", "secrets": [sec], "options": {"query_param": "key"}, "url": "/hooks/mailchimp?key=" + sec, "headers": FORM, "body": body, "want": "ok"},
    {"name": "GET validation answered", "secrets": [sec], "method": "GET", "url": U, "want": "handshake", "status": 200,
     "reply_body": "", "reply_headers": {"X-Content-Type-Options": "nosniff"}},
    {"name": "GET validation without the secret refused", "secrets": [sec], "method": "GET", "url": "/hooks/mailchimp", "want": "missing_signature", "status": 400},
    {"name": "GET validation with a wrong secret refused", "secrets": [sec], "method": "GET", "url": "/hooks/mailchimp?secret=guess", "want": "signature_mismatch", "status": 401},
    {"name": "wrong secret", "secrets": [sec], "url": "/hooks/mailchimp?secret=guess", "headers": FORM, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "missing secret", "secrets": [sec], "url": "/hooks/mailchimp", "headers": FORM, "body": body, "want": "missing_signature"},
    {"name": "secret under another parameter", "secrets": [sec], "url": "/hooks/mailchimp?token=" + sec, "headers": FORM, "body": body, "want": "missing_signature"},
    {"name": "wrong method", "secrets": [sec], "method": "PUT", "url": U, "body": body, "want": "method_not_allowed", "status": 405},
]
write("mailchimp", {"provider": "mailchimp", "source": src, "cases": cases})

# Modern Treasury ------------------------------------------------------------
src = ("Modern-Treasury/modern-treasury-go webhook.go and webhook_test.go (X-Signature = hex HMAC-SHA256 of the body "
       "with the webhook key); official vectors: key foo, body {\"foo\":\"bar\"} -> 57e14f6f...")
sec = "foo"
body = '{"event":"completed","data":{"id":"po_123","object":"payment_order","status":"completed"}}'
cases = [
    {"name": "official vector", "source": "modern-treasury-go webhook_test.go TestValidateSignature", "secrets": ["foo"],
     "headers": {"X-Signature": "57e14f6f354543f0101fb06ea24df7731d90087b76651e3497345e22a3622940"}, "body": '{"foo":"bar"}', "want": "ok"},
    {"name": "official GetSignature vector", "source": "modern-treasury-go webhook_test.go TestGetSignature", "secrets": ["foo"],
     "headers": {"X-Signature": "08ba357e274f528065766c770a639abf6809b39ccfd37c2a3157c7f51954da0a"}, "body": "foo", "want": "ok"},
]
cases += body_mac_cases("X-Signature", hexsig(), sec, body, headers={"X-Topic": "payment_order"}, event={
    "type": "payment_order.completed", "object_type": "payment_order", "object_id": "po_123", "action": "updated"})
write("modern_treasury", {"provider": "modern_treasury", "source": src, "cases": clean(cases)})

# MongoDB --------------------------------------------------------------------
src = ("MongoDB Ops Manager docs (X-MMS-Signature: HMAC of the body with the webhook secret, 'hex-encoded') and Atlas "
       "receivers found by code search (alerta webhooks/atlas: base64 HMAC-SHA1); both encodings are accepted")
sec = "atlas-webhook-secret"
body = ('{"id":"5c1a8b2c1e3f4a5b6c7d8e9f","groupId":"5b43d04e1e3f4a5b6c7d8e90","eventTypeName":"OUTSIDE_METRIC_THRESHOLD",'
        '"status":"OPEN","created":"2024-01-01T00:00:00Z","updated":"2024-01-01T00:05:00Z"}')
cases = body_mac_cases("X-MMS-Signature", lambda k, b: b64(k, b, h=S1), sec, body, headers={"X-MMS-Event": "alert.open"}, event={
    "type": "alert.open", "object_type": "alert", "object_id": "5c1a8b2c1e3f4a5b6c7d8e9f", "subject": "5b43d04e1e3f4a5b6c7d8e90",
    "action": "created", "time": "2024-01-01T00:05:00Z"})
cases.append({"name": "hex encoding accepted", "secrets": [sec], "headers": {"X-MMS-Signature": hx(sec, body, h=S1)}, "body": body, "want": "ok"})
cases.append({"name": "hex with wrong secret", "secrets": ["other"], "headers": {"X-MMS-Signature": hx(sec, body, h=S1)}, "body": body, "want": "signature_mismatch"})
write("mongodb", {"provider": "mongodb", "source": src, "cases": clean(cases)})

# Orb ------------------------------------------------------------------------
src = ("withorb/orb-java WebhookServiceImpl.kt (X-Orb-Signature: space-separated v1=<hex HMAC-SHA256(secret, "
       "'v1:' + X-Orb-Timestamp + ':' + body)>, X-Orb-Timestamp ISO 8601 without offset in UTC, 5 min both ways) "
       "and its WebhookServiceTest.kt (official vector)")
sec = "c-UGKYdnhHh436B_sMouYAPUvXyWpzOdunZBV5dFSD8"
ts = "2024-03-27T15:42:29.551"
body = ('{"id": "o4mmewpfNNTnjfZc", "created_at": "2024-03-27T15:42:29+00:00", "type": "resource_event.test", '
        '"properties": {"message": "A test webhook from Orb. Happy testing!"}}')
ov = "9d25de966891ab0bc18754faf8d83d0980b44ae330fcc130b41a6cf3daf1f391"
assert hx(sec, "v1:", ts, ":", body) == ov
H = {"X-Orb-Timestamp": ts, "X-Orb-Signature": "v1=" + ov}
NOW = "2024-03-27T15:42:29Z"
cases = [
    {"name": "official vector", "source": "orb-java WebhookServiceTest.verifySignatureHappyPath", "secrets": [sec], "now": NOW,
     "headers": H, "body": body, "want": "ok",
     "event": {"delivery_id": "o4mmewpfNNTnjfZc", "type": "resource_event.test", "object_type": "resource_event", "time": "2024-03-27T15:42:29Z"}},
    {"name": "several signatures", "secrets": [sec], "now": NOW, "headers": dict(H, **{"X-Orb-Signature": "v1=Zm9v v1=" + ov}), "body": body, "want": "ok"},
    {"name": "only another version", "source": "orb-java verifySignatureFailsWithIncorrectSignatureVersion", "secrets": [sec], "now": NOW,
     "headers": dict(H, **{"X-Orb-Signature": "v2=" + ov}), "body": body, "want": "malformed_signature"},
    {"name": "wrong secret", "source": "orb-java verifySignatureFailsWithIncorrectSecret", "secrets": ["invalid-secret"], "now": NOW, "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sec], "now": NOW, "headers": H, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "missing timestamp", "source": "orb-java verifySignatureFailsWithMissingHeaders", "secrets": [sec], "now": NOW,
     "headers": {"X-Orb-Signature": "v1=" + ov}, "body": body, "want": "missing_timestamp"},
    {"name": "malformed timestamp", "secrets": [sec], "now": NOW, "headers": dict(H, **{"X-Orb-Timestamp": "yesterday"}), "body": body, "want": "malformed_timestamp"},
    {"name": "missing signature", "secrets": [sec], "now": NOW, "headers": {"X-Orb-Timestamp": ts}, "body": body, "want": "missing_signature"},
    {"name": "stale", "source": "orb-java verifySignatureFailsWhenTimestampIsTooOld", "secrets": [sec], "now": "2024-03-27T15:47:30Z", "headers": H, "body": body, "want": "stale_timestamp"},
    {"name": "future", "source": "orb-java verifySignatureFailsWhenTimestampIsTooNew", "secrets": [sec], "now": "2024-03-27T15:37:29Z", "headers": H, "body": body, "want": "future_timestamp"},
]
write("orb", {"provider": "orb", "source": src, "cases": cases})

# Orbit ----------------------------------------------------------------------
src = ("RedwoodJS docs, Webhooks: 'Secret Key Verifier (used by Orbit)': X-Orbit-Signature carries the webhook secret "
       "itself, with X-Orbit-Event-Id and X-Orbit-Event-Type (https://docs.orbit.love/docs/webhooks, no longer online)")
sec = "orbit-webhook-secret"
body = '{"data":{"id":"act_1","type":"activity","attributes":{"action":"issue_comment"}}}'
H = {"X-Orbit-Signature": sec, "X-Orbit-Event-Id": "evt_orbit_1", "X-Orbit-Event-Type": "activity:created"}
cases = [
    {"name": "valid", "secrets": [sec], "headers": H, "body": body, "want": "ok",
     "event": {"delivery_id": "evt_orbit_1", "type": "activity:created", "object_type": "activity", "action": "created", "object_id": "act_1"}},
    {"name": "rotated secret", "secrets": ["old", sec], "headers": H, "body": body, "want": "ok"},
    {"name": "wrong secret", "secrets": ["other"], "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "prefix of the secret", "secrets": [sec], "headers": dict(H, **{"X-Orbit-Signature": sec[:-1]}), "body": body, "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [sec], "headers": {"X-Orbit-Event-Id": "evt_orbit_1"}, "body": body, "want": "missing_signature"},
    {"name": "wrong method", "secrets": [sec], "method": "GET", "headers": H, "want": "method_not_allowed", "status": 405},
]
write("orbit", {"provider": "orbit", "source": src, "cases": cases})

# Pinwheel -------------------------------------------------------------------
src = ("Pinwheel webhook verification as implemented by DSACMS iv-cbv-payroll PinwheelService.generate_signature_digest "
       "(X-Pinwheel-Signature: v2=<hex HMAC-SHA256(API secret, 'v2:' + X-Timestamp + ':' + body)>); the timestamp unit "
       "and the window are not stated (seconds or milliseconds accepted, hookstile default 5 min)")
sec = "pinwheel-api-secret"
ts = "1700000000"
body = '{"event":"paystubs.fully_synced","event_id":"evt_pw_1","payload":{"end_user_id":"user_1","account_id":"acc_1"}}'
sig = "v2=" + hx(sec, "v2:", ts, ":", body)
H = {"X-Timestamp": ts, "X-Pinwheel-Signature": sig}
cases = [
    {"name": "valid", "secrets": [sec], "now": "1700000010", "headers": H, "body": body, "want": "ok",
     "event": {"delivery_id": "evt_pw_1", "type": "paystubs.fully_synced", "object_type": "paystubs", "subject": "user_1",
               "object_id": "acc_1", "time": "2023-11-14T22:13:20Z"}},
    {"name": "millisecond timestamp", "secrets": [sec], "now": ts,
     "headers": {"X-Timestamp": ts + "000", "X-Pinwheel-Signature": "v2=" + hx(sec, "v2:", ts + "000", ":", body)}, "body": body, "want": "ok"},
    {"name": "rotated secret", "secrets": ["old", sec], "now": ts, "headers": H, "body": body, "want": "ok"},
    {"name": "wrong secret", "secrets": ["other"], "now": ts, "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sec], "now": ts, "headers": H, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [sec], "now": ts, "headers": {"X-Timestamp": ts}, "body": body, "want": "missing_signature"},
    {"name": "no v2= prefix", "secrets": [sec], "now": ts, "headers": {"X-Timestamp": ts, "X-Pinwheel-Signature": sig[3:]}, "body": body, "want": "malformed_signature"},
    {"name": "missing timestamp", "secrets": [sec], "now": ts, "headers": {"X-Pinwheel-Signature": sig}, "body": body, "want": "missing_timestamp"},
    {"name": "stale", "secrets": [sec], "now": "1700000301", "headers": H, "body": body, "want": "stale_timestamp"},
    {"name": "future", "secrets": [sec], "now": "1699999699", "headers": H, "body": body, "want": "future_timestamp"},
]
write("pinwheel", {"provider": "pinwheel", "source": src, "cases": cases})

# Plivo ----------------------------------------------------------------------
src = ("plivo/plivo-python plivo/utils/signature_v3.py validate_v3_signature (re-implemented here step by step: "
       "construct_get_url / construct_post_url, get_sorted_query_string, get_sorted_params_string, base64 "
       "HMAC-SHA256(auth token, url + '.' + nonce), header may list several signatures separated by commas)")
tok = "MzAxNzM3ZTM4OGQyYjE2YTE3MGM3OWRl"
PUB = "https://voice.example.com/plivo/answer"


def plivo_sorted(pairs, sep, join):
    d = {}
    for k, v in pairs:
        d.setdefault(k, []).append(v)
    out = []
    for k in sorted(d):
        for v in sorted(d[k]):
            out.append(k + sep + v)
    return join.join(out)


def plivo_sig(token, public, method, query, form, nonce):
    base = public
    qs = plivo_sorted(parse_qsl(query, keep_blank_values=True), "=", "&")
    if method == "POST" and form:
        url = base + "?" + qs + ("." if qs else "") + plivo_sorted(form, "", "")
    else:
        url = base + ("?" + qs if qs else "")
    return base64.b64encode(mac(token, url, ".", nonce)).decode()


form = [("CallUUID", "c3a2f1e0-1111-2222-3333-444455556666"), ("From", "14155550100"), ("To", "14155550199"),
        ("CallStatus", "ringing"), ("Event", "StartApp"), ("Direction", "inbound")]
body = urlencode(form)
nonce = "05429567804466091622"
sig = plivo_sig(tok, PUB, "POST", "", form, nonce)
H = dict(FORM, **{"X-Plivo-Signature-V3": sig, "X-Plivo-Signature-V3-Nonce": nonce})
O = {"public_url": PUB}
form2 = [("MessageUUID", "m-1"), ("Status", "delivered"), ("Units", "1"), ("Units", "0")]
body2 = urlencode(form2)
q = "lang=en&a=2&a=1"
cases = [
    {"name": "POST callback", "secrets": [tok], "options": O, "url": "/hooks/plivo", "headers": H, "body": body, "want": "ok",
     "event": {"type": "StartApp", "object_type": "call", "object_id": "c3a2f1e0-1111-2222-3333-444455556666", "subject": "14155550199"}},
    {"name": "URL as the gateway saw it does not matter", "secrets": [tok], "options": O, "url": "http://127.0.0.1:8080/internal/x", "headers": H, "body": body, "want": "ok"},
    {"name": "POST with query and repeated form keys", "secrets": [tok], "options": O, "url": "/hooks/plivo?" + q,
     "headers": dict(FORM, **{"X-Plivo-Signature-V3": plivo_sig(tok, PUB, "POST", q, form2, nonce), "X-Plivo-Signature-V3-Nonce": nonce}),
     "body": body2, "want": "ok", "event": {"type": "delivered", "object_type": "message", "object_id": "m-1"}},
    {"name": "query from public_url", "secrets": [tok], "options": {"public_url": PUB + "?" + q}, "url": "/hooks/plivo",
     "headers": dict(FORM, **{"X-Plivo-Signature-V3": plivo_sig(tok, PUB, "POST", q, form2, nonce), "X-Plivo-Signature-V3-Nonce": nonce}),
     "body": body2, "want": "ok"},
    {"name": "GET callback", "secrets": [tok], "options": O, "method": "GET", "url": "/hooks/plivo?CallUUID=abc&Event=Hangup",
     "headers": {"X-Plivo-Signature-V3": plivo_sig(tok, PUB, "GET", "CallUUID=abc&Event=Hangup", [], nonce), "X-Plivo-Signature-V3-Nonce": nonce},
     "want": "ok", "event": {"type": "Hangup", "object_type": "call", "object_id": "abc"}},
    {"name": "messaging MA-V3 header", "secrets": [tok], "options": O, "url": "/hooks/plivo",
     "headers": dict(FORM, **{"X-Plivo-Signature-MA-V3": sig, "X-Plivo-Signature-V3-Nonce": nonce}), "body": body, "want": "ok"},
    {"name": "one signature per auth token", "secrets": [tok], "options": O, "url": "/hooks/plivo",
     "headers": dict(H, **{"X-Plivo-Signature-V3": plivo_sig("old-token", PUB, "POST", "", form, nonce) + "," + sig}), "body": body, "want": "ok"},
    {"name": "rotated token", "secrets": ["old-token", tok], "options": O, "url": "/hooks/plivo", "headers": H, "body": body, "want": "ok"},
    {"name": "wrong token", "secrets": ["other-token"], "options": O, "url": "/hooks/plivo", "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered parameter", "secrets": [tok], "options": O, "url": "/hooks/plivo", "headers": H, "body": body.replace("ringing", "completed"), "want": "signature_mismatch"},
    {"name": "other public URL", "secrets": [tok], "options": {"public_url": "https://voice.example.com/plivo/other"}, "url": "/hooks/plivo", "headers": H, "body": body, "want": "signature_mismatch"},
    {"name": "nonce replaced", "secrets": [tok], "options": O, "url": "/hooks/plivo", "headers": dict(H, **{"X-Plivo-Signature-V3-Nonce": "1"}), "body": body, "want": "signature_mismatch"},
    {"name": "missing nonce", "secrets": [tok], "options": O, "url": "/hooks/plivo", "headers": dict(FORM, **{"X-Plivo-Signature-V3": sig}), "body": body, "want": "malformed_signature"},
    {"name": "missing signature", "secrets": [tok], "options": O, "url": "/hooks/plivo", "headers": FORM, "body": body, "want": "missing_signature"},
    {"name": "malformed signature", "secrets": [tok], "options": O, "url": "/hooks/plivo", "headers": dict(H, **{"X-Plivo-Signature-V3": "!!"}), "body": body, "want": "malformed_signature"},
    {"name": "wrong method", "secrets": [tok], "options": O, "method": "PUT", "url": "/hooks/plivo", "headers": H, "body": body, "want": "method_not_allowed", "status": 405},
]
write("plivo", {"provider": "plivo", "source": src, "cases": cases})

# Pusher ---------------------------------------------------------------------
src = ("pusher/pusher-http-go webhook_test.go (key 'key', secret 'secret', body {\"hello\":\"world\"}, X-Pusher-Signature "
       "2677ad3e...) and Pusher Channels docs: Webhooks (hex HMAC-SHA256 of the body with the app secret, X-Pusher-Key)")
sec = "secret"
body = '{"time_ms":1700000000000,"events":[{"name":"channel_occupied","channel":"presence-room"}]}'
cases = [
    {"name": "official vector", "source": "pusher-http-go webhook_test.go TestClientWebhookValidation", "secrets": ["secret"],
     "options": {"app_key": "key"}, "headers": {"X-Pusher-Key": "key", "X-Pusher-Signature": "2677ad3e7c090b2fa2c0fb13020d66d5420879b8316eb356a2d60fb9073bc778"},
     "body": '{"hello":"world"}', "want": "ok"},
    {"name": "official vector with another app key", "source": "pusher-http-go webhook_test.go TestWebhookImproperKeyCase", "secrets": ["secret"],
     "options": {"app_key": "key"}, "headers": {"X-Pusher-Key": "narr you're going down!", "X-Pusher-Signature": "2677ad3e7c090b2fa2c0fb13020d66d5420879b8316eb356a2d60fb9073bc778"},
     "body": '{"hello":"world"}', "want": "signature_mismatch"},
]
cases += body_mac_cases("X-Pusher-Signature", hexsig(), sec, body, headers={"X-Pusher-Key": "app-key-1"}, event={
    "type": "channel_occupied", "object_type": "channel", "object_id": "presence-room", "subject": "app-key-1", "time": "2023-11-14T22:13:20Z"})
write("pusher", {"provider": "pusher", "source": src, "cases": clean(cases)})

# Signal Sciences ------------------------------------------------------------
src = ("Fastly docs: Signal Sciences Generic Webhooks (X-SigSci-Signature = hex HMAC-SHA256 of the payload with the "
       "integration's signing key; payload {created, type, payload, link}), https://docs.fastly.com/signalsciences/integrations/generic-webhooks/")
sec = "sigsci-signing-key"
body = '{"created":"2022-12-09T10:43:54-08:00","type":"flag","payload":{"ip":"198.51.100.7"},"link":"https://dashboard.signalsciences.net/corps/x/sites/y/events/1"}'
cases = body_mac_cases("X-SigSci-Signature", hexsig(), sec, body, event={
    "type": "flag", "object_type": "flag", "time": "2022-12-09T18:43:54Z"})
write("signal_sciences", {"provider": "signal_sciences", "source": src, "cases": clean(cases)})

# Sonatype Nexus -------------------------------------------------------------
src = ("Sonatype Nexus Repository docs: Working with HMAC payloads (X-Nexus-Webhook-Signature = hex HMAC-SHA1 of the body "
       "with the secret key) and Example Headers and Payloads (X-Nexus-Webhook-Id, X-Nexus-Webhook-Delivery), "
       "https://help.sonatype.com/repomanager3/integrations/webhooks/working-with-hmac-payloads (as cited by fluxcd "
       "notification-controller docs)")
sec = "nexus-secret-key"
body = ('{"timestamp":"2016-11-10T23:57:49.664+0000","nodeId":"52905B51-085CCABB-CEBBEAAD-16F4C4D5-9B4F3F67",'
        '"initiator":"admin/127.0.0.1","repositoryName":"npm-proxy","action":"CREATED","component":{"id":'
        '"08909bf0c86cf6c9600aade89e1c5e25","componentId":"bnBtLXByb3h5OjA4OTA5YmYwYzg2Y2Y2Yzk2MDBhYWRlODllMWM1ZTI1",'
        '"format":"npm","name":"angular2","version":"0.0.2"}}')
cases = body_mac_cases("X-Nexus-Webhook-Signature", lambda k, b: hx(k, b, h=S1), sec, body, headers={
    "X-Nexus-Webhook-Id": "rm:repository:component", "X-Nexus-Webhook-Delivery": "7f4a9a4e-2f40-4d4f-b8a1-5a4b1c2d3e4f"}, event={
    "delivery_id": "7f4a9a4e-2f40-4d4f-b8a1-5a4b1c2d3e4f", "type": "rm:repository:component", "action": "created",
    "subject": "npm-proxy", "object_type": "component", "object_id": "bnBtLXByb3h5OjA4OTA5YmYwYzg2Y2Y2Yzk2MDBhYWRlODllMWM1ZTI1"})
write("sonatype", {"provider": "sonatype", "source": src, "cases": clean(cases)})

# TikTok ---------------------------------------------------------------------
src = ("TikTok for Developers: Webhooks verification (TikTok-Signature: t=<unix>,s=<hex HMAC-SHA256(client secret, "
       "t.body)>), https://developers.tiktok.com/doc/webhooks-verification (as quoted by receivers found by code "
       "search); the window is not stated (hookstile default 5 min)")
sec = "tiktok-client-secret"
ts = "1615338620"
body = ('{"client_key":"bwo2m45353a6k85","event":"authorization.removed","create_time":1615338610,'
        '"user_openid":"act.example12345Example12345Example","content":"{\\"reason\\": 1}"}')
sig = "t=%s,s=%s" % (ts, hx(sec, ts, ".", body))
H = {"TikTok-Signature": sig}
cases = [
    {"name": "valid", "secrets": [sec], "now": "1615338630", "headers": H, "body": body, "want": "ok",
     "event": {"type": "authorization.removed", "object_type": "authorization", "action": "deleted",
               "subject": "act.example12345Example12345Example", "time": "2021-03-10T01:10:10Z"}},
    {"name": "rotated secret", "secrets": ["old", sec], "now": ts, "headers": H, "body": body, "want": "ok"},
    {"name": "wrong secret", "secrets": ["other"], "now": ts, "headers": H, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sec], "now": ts, "headers": H, "body": tamper(body), "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [sec], "now": ts, "body": body, "want": "missing_signature"},
    {"name": "malformed signature", "secrets": [sec], "now": ts, "headers": {"TikTok-Signature": "t=%s,s=nothex" % ts}, "body": body, "want": "malformed_signature"},
    {"name": "malformed timestamp", "secrets": [sec], "now": ts, "headers": {"TikTok-Signature": sig.replace("t=" + ts, "t=soon")}, "body": body, "want": "malformed_timestamp"},
    {"name": "stale", "secrets": [sec], "now": str(int(ts) + 301), "headers": H, "body": body, "want": "stale_timestamp"},
    {"name": "future", "secrets": [sec], "now": str(int(ts) - 301), "headers": H, "body": body, "want": "future_timestamp"},
]
write("tiktok", {"provider": "tiktok", "source": src, "cases": cases})

# Trend Micro Conformity -----------------------------------------------------
src = ("Trend Micro Cloud One Conformity docs: Webhook Communication (X-Conformity-Signature = hex HMAC-SHA256 of the "
       "payload with the webhook security token), https://cloudone.trendmicro.com/docs/conformity/webhook-communication/")
sec = "Y29uZm9ybWl0eS10b2tlbg"
body = '{"id":"ccc:acc-1:S3-021:S3:us-east-1:bucket-1","type":"check","accountId":"acc-1","ruleId":"S3-021","status":"FAILURE"}'
cases = body_mac_cases("X-Conformity-Signature", hexsig(), sec, body, event={
    "type": "check", "object_type": "check", "object_id": "ccc:acc-1:S3-021:S3:us-east-1:bucket-1", "subject": "acc-1"})
write("trendmicro_conformity", {"provider": "trendmicro_conformity", "source": src, "cases": clean(cases)})

# VMware Workspace ONE -------------------------------------------------------
src = ("ngrok-docs integrations/webhooks/vmware-webhooks.mdx (Workspace ONE UEM Event Notifications authenticate with "
       "the Username and Password set on the rule; ngrok's secret is 'username::password'), i.e. HTTP Basic credentials")
sec = "hookuser:hook pass:word"
auth = "Basic " + base64.b64encode(sec.encode()).decode()
body = '{"EventId":1234,"EventType":"Device Enrolled","DeviceId":5678,"EnrollmentUserName":"jdoe","EventTime":"2024-01-02T03:04:05Z"}'
H = {"Authorization": auth}
cases = [
    {"name": "valid", "secrets": [sec], "headers": H, "body": body, "want": "ok",
     "event": {"type": "Device Enrolled", "object_type": "device", "object_id": "5678", "subject": "jdoe", "time": "2024-01-02T03:04:05Z"}},
    {"name": "ngrok secret form", "secrets": ["hookuser::hook pass:word"], "headers": H, "body": body, "want": "ok"},
    {"name": "rotated credentials", "secrets": ["old:creds", sec], "headers": H, "body": body, "want": "ok"},
    {"name": "wrong password", "secrets": [sec], "headers": {"Authorization": "Basic " + base64.b64encode(b"hookuser:guess").decode()}, "body": body, "want": "signature_mismatch", "status": 401},
    {"name": "missing credentials", "secrets": [sec], "body": body, "want": "missing_signature", "status": 400},
    {"name": "bearer instead of basic", "secrets": [sec], "headers": {"Authorization": "Bearer abc"}, "body": body, "want": "malformed_signature"},
    {"name": "undecodable credentials", "secrets": [sec], "headers": {"Authorization": "Basic !!!"}, "body": body, "want": "malformed_signature"},
    {"name": "wrong method", "secrets": [sec], "method": "GET", "headers": H, "want": "method_not_allowed", "status": 405},
]
write("vmware", {"provider": "vmware", "source": src, "cases": cases})

# Webex ----------------------------------------------------------------------
src = ("Webex for Developers: Webhooks, 'Handling Requests from Webex' (X-Spark-Signature = hex HMAC-SHA1 of the body "
       "with the webhook secret), https://developer.webex.com/docs/webhooks (as implemented by n8n's Webex trigger "
       "and CiscoDevNet samples)")
sec = "webex-webhook-secret"
body = ('{"id":"Y2lzY29zcGFyazovL3VzL1dFQkhPT0svOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh","name":"My Webhook",'
        '"resource":"messages","event":"created","orgId":"OTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh",'
        '"created":"2015-10-18T14:26:16.000Z","data":{"id":"Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTA"}}')
cases = body_mac_cases("X-Spark-Signature", lambda k, b: hx(k, b, h=S1), sec, body, event={
    "type": "messages.created", "object_type": "messages", "action": "created", "object_id": "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTA",
    "subject": "OTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh", "time": "2015-10-18T14:26:16Z"})
write("webex", {"provider": "webex", "source": src, "cases": clean(cases)})
