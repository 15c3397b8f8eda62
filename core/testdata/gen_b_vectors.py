#!/usr/bin/env python3
"""Writes group B's vector files (core/testdata/vectors/<provider>.json).

Official vectors are copied from ../shared/providers.md (each case names its
source); every other case is computed here from the scheme's definition with
Python's hmac/hashlib/base64, independently of the Go code under test.
Run from core/testdata: python3 gen_b_vectors.py

SendGrid's ECDSA values other than the official sendgrid-go vector were
computed once (not at every run, so the files stay stable) with Python
`cryptography` 48: private key ec.derive_private_key(0x686f6f6b7374696c652d67
726f75702d622d73656e64677269642d7465737431, SECP256R1()), signatures
ec.ECDSA(SHA256(), deterministic_signing=True) over timestamp + body; the
"other key" is derive_private_key(12345678901234567890, SECP256R1()) and the
P-384 key derive_private_key(987654321, SECP384R1()); public keys exported as
base64 DER SubjectPublicKeyInfo. `openssl dgst -sha256 -verify pub.pem
-signature sig.der` accepts them.
"""
import base64, hashlib, hmac, json, urllib.parse


from vectorlib import mac, hexmac, b64mac, write  # noqa: E402


def drop(h, *keys):
    return {k: v for k, v in h.items() if k not in keys}


def hdr(h, **kw):
    out = dict(h)
    out.update({k.replace("_", "-"): v for k, v in kw.items()})
    return out


# Simple raw-body HMAC providers ------------------------------------------------
def body_hmac_cases(secret, header, sign, body, extra, event, prefix="", bad_sig="zz"):
    """Common cases for a provider signing the raw body in one header."""
    good = prefix + sign(secret, body)
    h = dict(extra)
    h[header] = good
    return [
        {"name": "valid", "secrets": [secret], "headers": h, "body": body, "want": "ok", "event": event},
        {"name": "rotated secret", "secrets": ["old-secret", secret], "headers": h, "body": body, "want": "ok"},
        {"name": "wrong secret", "secrets": ["not-the-secret"], "headers": h, "body": body, "want": "signature_mismatch", "status": 401},
        {"name": "tampered body", "secrets": [secret], "headers": h, "body": body + " ", "want": "signature_mismatch", "status": 401},
        {"name": "missing header", "secrets": [secret], "headers": drop(h, header), "body": body, "want": "missing_signature", "status": 400},
        {"name": "malformed header", "secrets": [secret], "headers": hdr(h, **{header.replace("-", "_"): prefix + bad_sig}), "body": body,
         "want": "malformed_signature", "status": 400},
        {"name": "wrong method", "secrets": [secret], "method": "GET", "headers": h, "want": "method_not_allowed", "status": 405},
        {"name": "oversize body", "secrets": [secret], "max_body": 8, "headers": h, "body": body, "want": "body_too_large", "status": 413},
    ]


def b64(secret, body, h=hashlib.sha256):
    return b64mac(secret, body, h=h)


def hx(secret, body, h=hashlib.sha256):
    return hexmac(secret, body, h=h)


def sha1hex(secret, body):
    return hexmac(secret, body, h=hashlib.sha1)


# Shopify
sbody = '{"id":820982911946154508,"email":"jon@example.com","created_at":"2026-01-01T00:00:00-05:00","updated_at":"2026-01-01T00:00:00-05:00"}'
write("shopify", {"provider": "shopify", "source": "providers.md 5.8 (no published vector; cases computed from the scheme)", "cases":
    body_hmac_cases("shpss_client_secret", "X-Shopify-Hmac-Sha256", b64, sbody,
                    {"X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                     "X-Shopify-Shop-Domain": "example.myshopify.com", "Content-Type": "application/json"},
                    {"delivery_id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "type": "orders/create", "subject": "example.myshopify.com",
                     "object_type": "orders", "object_id": "820982911946154508", "action": "created", "time": "2026-01-01T05:00:00Z"},
                    bad_sig="!!!") + [
    {"name": "new header names without X-", "secrets": ["shpss_client_secret"], "body": sbody,
     "headers": {"Shopify-Hmac-Sha256": b64("shpss_client_secret", sbody), "Shopify-Webhook-Id": "evt-2", "Shopify-Topic": "orders/paid"},
     "want": "ok", "event": {"delivery_id": "evt-2", "type": "orders/paid"}},
]})

# Intercom
ibody = '{"type":"notification_event","app_id":"abc123","id":"notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3","topic":"conversation.user.created","delivery_attempts":1,"created_at":1767225600,"data":{"type":"notification_event_data","item":{"type":"conversation","id":"147"}}}'
ping = '{"type":"notification_event","app_id":"abc123","id":"notif_ping_1","topic":"ping","delivery_attempts":1,"created_at":1767225600,"data":{"item":{"type":"ping","message":"something"}}}'
write("intercom", {"provider": "intercom", "source": "providers.md 5.23 (no published vector; cases computed from the scheme)", "cases":
    body_hmac_cases("intercom_client_secret", "X-Hub-Signature", sha1hex, ibody, {"Content-Type": "application/json"},
                    {"delivery_id": "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3", "type": "conversation.user.created", "subject": "abc123",
                     "object_type": "conversation", "object_id": "147", "action": "created", "time": "2026-01-01T00:00:00Z"},
                    prefix="sha1=") + [
    {"name": "ping notification", "secrets": ["intercom_client_secret"], "body": ping,
     "headers": {"X-Hub-Signature": "sha1=" + sha1hex("intercom_client_secret", ping)}, "want": "ok", "event": {"type": "ping"}},
    {"name": "sha256 prefix refused", "secrets": ["intercom_client_secret"], "body": ibody,
     "headers": {"X-Hub-Signature": "sha256=" + hx("intercom_client_secret", ibody)}, "want": "malformed_signature"},
]})

# Jira
jbody = '{"timestamp":1767225600000,"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_generic","issue":{"id":"10001","key":"ENG-1","fields":{"project":{"key":"ENG"}}}}'
write("jira", {"provider": "jira", "source": "providers.md 5.27 (no published vector; cases computed from the scheme)", "cases":
    body_hmac_cases("jira-webhook-secret", "X-Hub-Signature", hx, jbody,
                    {"X-Atlassian-Webhook-Identifier": "wh-17-1", "X-Atlassian-Webhook-Retry": "1", "Content-Type": "application/json"},
                    {"delivery_id": "wh-17-1", "type": "jira:issue_updated", "subject": "ENG-1", "object_type": "issue", "object_id": "10001",
                     "action": "updated", "time": "2026-01-01T00:00:00Z"}, prefix="sha256=")})

# Bitbucket
bbbody = '{"pullrequest":{"id":7,"title":"x"},"repository":{"full_name":"team/repo","uuid":"{b3f8}"}}'
write("bitbucket", {"provider": "bitbucket", "source": "providers.md 5.28 (no published vector; cases computed from the scheme)", "cases":
    body_hmac_cases("bb-secret", "X-Hub-Signature", hx, bbbody,
                    {"X-Request-UUID": "ad6a9f5c-4f1e-4e0b-9d1e-1b0d2c3f4a5b", "X-Event-Key": "pullrequest:created", "X-Hook-UUID": "hook-1",
                     "Content-Type": "application/json"},
                    {"delivery_id": "ad6a9f5c-4f1e-4e0b-9d1e-1b0d2c3f4a5b", "type": "pullrequest:created", "subject": "team/repo",
                     "object_type": "pullrequest", "object_id": "7", "action": "created"}, prefix="sha256=")})

# Typeform
tbody = '{"event_id":"01HXYZ","event_type":"form_response","form_response":{"form_id":"lT4Z3j","token":"a3a12ec67a1365927098a606107fac15","submitted_at":"2026-01-01T00:00:00Z"}}'
write("typeform", {"provider": "typeform", "source": "providers.md 5.33 (no published vector; cases computed from the scheme)", "cases":
    body_hmac_cases("typeform-secret", "Typeform-Signature", b64, tbody, {"Content-Type": "application/json"},
                    {"delivery_id": "01HXYZ", "type": "form_response", "subject": "lT4Z3j", "object_type": "form_response",
                     "object_id": "a3a12ec67a1365927098a606107fac15", "action": "created", "time": "2026-01-01T00:00:00Z"},
                    prefix="sha256=", bad_sig="!!!") + [
    {"name": "hex instead of base64 refused", "secrets": ["typeform-secret"], "body": tbody,
     "headers": {"Typeform-Signature": "sha256=" + hx("typeform-secret", tbody)}, "want": "signature_mismatch"},
]})

# Lemon Squeezy
lbody = '{"meta":{"event_name":"order_created","webhook_id":"wh1"},"data":{"type":"orders","id":"1","attributes":{"store_id":11,"updated_at":"2026-01-01T00:00:00.000000Z"}}}'
write("lemon_squeezy", {"provider": "lemon_squeezy", "source": "providers.md 5.35 (no published vector; cases computed from the scheme)", "cases":
    body_hmac_cases("ls-signing-secret", "X-Signature", hx, lbody, {"X-Event-Name": "order_created", "Content-Type": "application/json"},
                    {"type": "order_created", "subject": "11", "object_type": "orders", "object_id": "1", "action": "created",
                     "time": "2026-01-01T00:00:00Z"}) + [
    {"name": "minimal headers", "secrets": ["ls-signing-secret"], "body": lbody, "headers": {"X-Signature": hx("ls-signing-secret", lbody)},
     "want": "ok"},
]})

# Vercel
vbody = '{"id":"evt_vercel_1","type":"deployment.created","createdAt":1767225600000,"payload":{"deployment":{"id":"dpl_1"},"team":{"id":"team_1"}}}'
write("vercel", {"provider": "vercel", "source": "providers.md 5.36 (secondary: Hookdeck vercel-webhooks skill, trigger.dev Vercel page: HMAC-SHA1 hex); cases computed from the scheme", "cases":
    body_hmac_cases("vercel-secret", "x-vercel-signature", sha1hex, vbody, {"Content-Type": "application/json"},
                    {"delivery_id": "evt_vercel_1", "type": "deployment.created", "subject": "team_1", "object_type": "deployment",
                     "object_id": "dpl_1", "action": "created", "time": "2026-01-01T00:00:00Z"})})

# Segment
gbody = '{"type":"track","event":"Order Completed","messageId":"ajs-5f0b2b7b-1","userId":"user_1","timestamp":"2026-01-01T00:00:00.000Z"}'
write("segment", {"provider": "segment", "source": "providers.md 5.38 (Twilio Segment docs: X-Signature hex HMAC-SHA1); cases computed from the scheme", "cases":
    body_hmac_cases("segment-shared", "X-Signature", sha1hex, gbody, {"Content-Type": "application/json"},
                    {"delivery_id": "ajs-5f0b2b7b-1", "type": "track", "subject": "user_1", "object_type": "track",
                     "object_id": "Order Completed", "time": "2026-01-01T00:00:00Z"})})

# Airtable: the key is base64-decoded macSecretBase64.
mac_secret_b64 = base64.b64encode(bytes(range(32, 64))).decode()
abody = '{"base":{"id":"appjRdIX59U4YEy4l"},"webhook":{"id":"achXH94CxHYGdUcje"},"timestamp":"2026-01-01T00:00:00.000Z"}'
aheaders = {"X-Airtable-Content-MAC": "hmac-sha256=" + hexmac(base64.b64decode(mac_secret_b64), abody), "Content-Type": "application/json"}
write("airtable", {"provider": "airtable", "source": "providers.md 5.39; format hmac-sha256=<hex> keyed with base64-decoded macSecretBase64 confirmed by the Airtable community thread 'Not able to match X-Airtable-Content-MAC header' (community.airtable.com, 2024); cases computed from the scheme", "cases": [
    {"name": "valid ping", "secrets": [mac_secret_b64], "headers": aheaders, "body": abody, "want": "ok",
     "event": {"type": "ping", "subject": "appjRdIX59U4YEy4l", "object_type": "webhook", "object_id": "achXH94CxHYGdUcje", "action": "updated",
               "time": "2026-01-01T00:00:00Z"}},
    {"name": "other key", "secrets": ["x" + mac_secret_b64[1:]], "headers": aheaders, "body": abody, "want": "signature_mismatch"},
    {"name": "MAC keyed with the base64 text refused", "secrets": [mac_secret_b64], "body": abody,
     "headers": {"X-Airtable-Content-MAC": "hmac-sha256=" + hexmac(mac_secret_b64, abody)}, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [mac_secret_b64], "headers": aheaders, "body": abody.replace("appj", "appk"), "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [mac_secret_b64], "body": abody, "want": "missing_signature", "status": 400},
    {"name": "no prefix", "secrets": [mac_secret_b64], "body": abody,
     "headers": {"X-Airtable-Content-MAC": hexmac(base64.b64decode(mac_secret_b64), abody)}, "want": "malformed_signature", "status": 400},
    {"name": "wrong method", "secrets": [mac_secret_b64], "method": "PUT", "headers": aheaders, "body": abody, "want": "method_not_allowed"},
]})

# Linear: body webhookTimestamp (ms), 60 s both ways --------------------------
lin_ts = 1767225600000
lin = '{"action":"create","type":"Issue","createdAt":"2026-01-01T00:00:00.000Z","organizationId":"org_1","webhookId":"wh_1","webhookTimestamp":%d,"data":{"id":"issue-uuid","title":"Bug"}}'
lbody_ok = lin % lin_ts
lsec = "lin_wh_secret"
lh = {"Linear-Signature": hexmac(lsec, lbody_ok), "Linear-Delivery": "234d1a4e-b617-4388-90fe-adc3633d6b72", "Linear-Event": "Issue",
      "Content-Type": "application/json"}
nots = '{"action":"create","type":"Issue","data":{"id":"x"}}'
write("linear", {"provider": "linear", "source": "providers.md 5.24; window: @linear/sdk webhooks client rejects |now - webhookTimestamp| > 60 s (linear/linear packages/sdk, LinearWebhookClient.verify); cases computed from the scheme", "cases": [
    {"name": "valid", "secrets": [lsec], "now": "2026-01-01T00:00:00Z", "headers": lh, "body": lbody_ok, "want": "ok",
     "event": {"delivery_id": "234d1a4e-b617-4388-90fe-adc3633d6b72", "type": "Issue", "subject": "org_1", "object_type": "Issue",
               "object_id": "issue-uuid", "action": "created", "time": "2026-01-01T00:00:00Z"}},
    {"name": "edge of window (60 s)", "secrets": [lsec], "now": "2026-01-01T00:01:00Z", "headers": lh, "body": lbody_ok, "want": "ok"},
    {"name": "stale (61 s)", "secrets": [lsec], "now": "2026-01-01T00:01:01Z", "headers": lh, "body": lbody_ok, "want": "stale_timestamp", "status": 401},
    {"name": "future (61 s)", "secrets": [lsec], "now": "2025-12-31T23:58:59Z", "headers": lh, "body": lbody_ok, "want": "future_timestamp", "status": 401},
    {"name": "tolerance option widens", "secrets": [lsec], "tolerance": "10m", "now": "2026-01-01T00:05:00Z", "headers": lh, "body": lbody_ok, "want": "ok"},
    {"name": "wrong secret", "secrets": ["other"], "now": "2026-01-01T00:00:00Z", "headers": lh, "body": lbody_ok, "want": "signature_mismatch", "status": 401},
    {"name": "tampered timestamp", "secrets": [lsec], "now": "2026-01-01T00:10:00Z", "headers": lh, "body": lin % (lin_ts + 600000), "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [lsec], "now": "2026-01-01T00:00:00Z", "headers": drop(lh, "Linear-Signature"), "body": lbody_ok,
     "want": "missing_signature", "status": 400},
    {"name": "malformed signature", "secrets": [lsec], "now": "2026-01-01T00:00:00Z", "headers": hdr(lh, Linear_Signature="xyz"), "body": lbody_ok,
     "want": "malformed_signature"},
    {"name": "signed body without webhookTimestamp", "secrets": [lsec], "headers": {"Linear-Signature": hexmac(lsec, nots)}, "body": nots,
     "want": "missing_timestamp", "status": 400},
    {"name": "unsigned Linear-Timestamp header is not trusted", "secrets": [lsec], "now": "2026-01-01T00:10:00Z",
     "headers": hdr(lh, Linear_Timestamp=str(lin_ts + 600000)), "body": lbody_ok, "want": "stale_timestamp"},
]})

# Calendly: t=,v1= over "t.body", 3 min --------------------------------------
csec = "calendly-signing-key"
cts = "1767225600"
cbody = '{"created_at":"2026-01-01T00:00:00.000000Z","event":"invitee.created","payload":{"uri":"https://api.calendly.com/scheduled_events/E1/invitees/I1","scheduled_event":{"uri":"https://api.calendly.com/scheduled_events/E1"}}}'
ch = {"Calendly-Webhook-Signature": "t=%s,v1=%s" % (cts, hexmac(csec, cts + "." + cbody)), "Content-Type": "application/json"}
write("calendly", {"provider": "calendly", "source": "providers.md 5.31 (developer.calendly.com 'Webhook signatures'); 3-minute window per the Hookdeck calendly-webhooks skill (180 s); cases computed from the scheme", "cases": [
    {"name": "valid", "secrets": [csec], "now": "2026-01-01T00:00:00Z", "headers": ch, "body": cbody, "want": "ok",
     "event": {"type": "invitee.created", "object_type": "invitee", "object_id": "https://api.calendly.com/scheduled_events/E1/invitees/I1",
               "subject": "https://api.calendly.com/scheduled_events/E1", "action": "created", "time": "2026-01-01T00:00:00Z"}},
    {"name": "edge of window (3 min)", "secrets": [csec], "now": "2026-01-01T00:03:00Z", "headers": ch, "body": cbody, "want": "ok"},
    {"name": "stale (3 min + 1 s)", "secrets": [csec], "now": "2026-01-01T00:03:01Z", "headers": ch, "body": cbody, "want": "stale_timestamp", "status": 401},
    {"name": "future (3 min + 1 s)", "secrets": [csec], "now": "2025-12-31T23:56:59Z", "headers": ch, "body": cbody, "want": "future_timestamp", "status": 401},
    {"name": "wrong key", "secrets": ["other"], "now": "2026-01-01T00:00:00Z", "headers": ch, "body": cbody, "want": "signature_mismatch"},
    {"name": "tampered body", "secrets": [csec], "now": "2026-01-01T00:00:00Z", "headers": ch, "body": cbody.replace("I1", "I2"), "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [csec], "now": "2026-01-01T00:00:00Z", "body": cbody, "want": "missing_signature", "status": 400},
    {"name": "no v1", "secrets": [csec], "now": "2026-01-01T00:00:00Z", "headers": {"Calendly-Webhook-Signature": "t=" + cts}, "body": cbody,
     "want": "malformed_signature"},
    {"name": "no t", "secrets": [csec], "now": "2026-01-01T00:00:00Z", "headers": {"Calendly-Webhook-Signature": "v1=" + "ab" * 32}, "body": cbody,
     "want": "missing_timestamp"},
    {"name": "bad t", "secrets": [csec], "now": "2026-01-01T00:00:00Z", "headers": {"Calendly-Webhook-Signature": "t=soon,v1=" + "ab" * 32}, "body": cbody,
     "want": "malformed_timestamp"},
]})

# Paddle: official vector + 60 s window ---------------------------------------
psec = "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh"
pofficial = "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02"
assert hexmac(psec, "1696195954:hello-world") == pofficial.split("h1=")[-1]
pts = "1767225600"
pbody = '{"event_id":"evt_01hv8x2a","event_type":"transaction.completed","occurred_at":"2026-01-01T00:00:00.000Z","notification_id":"ntf_1","data":{"id":"txn_01","customer_id":"ctm_01"}}'
ph = {"Paddle-Signature": "ts=%s;h1=%s" % (pts, hexmac(psec, pts + ":" + pbody)), "Content-Type": "application/json"}
write("paddle", {"provider": "paddle", "source": "providers.md 5.34; official vector of the Paddle PHP/Python SDK VerifierTest", "cases": [
    {"name": "official SDK vector (h1=dummy first)", "source": "Paddle PHP/Python SDK Notifications VerifierTest", "secrets": [psec], "now": "1696195954",
     "headers": {"Paddle-Signature": pofficial}, "body": "hello-world", "want": "ok"},
    {"name": "official wrong secret 1", "source": "Paddle SDK VerifierTest", "secrets": ["pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_TjIG2BXbm83HPXqNfziwe506sBEdqL/4"],
     "now": "1696195954", "headers": {"Paddle-Signature": pofficial}, "body": "hello-world", "want": "signature_mismatch", "status": 401},
    {"name": "official wrong secret 2", "source": "Paddle SDK VerifierTest", "secrets": ["pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_vB/yIOnTOCWIvpBadM5jzBZPHc7OmdSo"],
     "now": "1696195954", "headers": {"Paddle-Signature": pofficial}, "body": "hello-world", "want": "signature_mismatch"},
    {"name": "valid event", "secrets": [psec], "now": "2026-01-01T00:00:00Z", "headers": ph, "body": pbody, "want": "ok",
     "event": {"delivery_id": "evt_01hv8x2a", "type": "transaction.completed", "object_type": "transaction", "object_id": "txn_01",
               "subject": "ctm_01", "action": "updated", "time": "2026-01-01T00:00:00Z"}},
    {"name": "rotation: second h1 matches", "secrets": [psec], "now": "2026-01-01T00:00:00Z", "body": pbody,
     "headers": {"Paddle-Signature": "ts=%s;h1=%s;h1=%s" % (pts, hexmac("pdl_old", pts + ":" + pbody), hexmac(psec, pts + ":" + pbody))}, "want": "ok"},
    {"name": "edge of window (60 s)", "secrets": [psec], "now": "2026-01-01T00:01:00Z", "headers": ph, "body": pbody, "want": "ok"},
    {"name": "stale (61 s)", "secrets": [psec], "now": "2026-01-01T00:01:01Z", "headers": ph, "body": pbody, "want": "stale_timestamp", "status": 401},
    {"name": "future (61 s)", "secrets": [psec], "now": "2025-12-31T23:58:59Z", "headers": ph, "body": pbody, "want": "future_timestamp", "status": 401},
    {"name": "SDK 5 s window via tolerance", "secrets": [psec], "tolerance": "5s", "now": "2026-01-01T00:00:06Z", "headers": ph, "body": pbody,
     "want": "stale_timestamp"},
    {"name": "dot instead of colon refused", "secrets": [psec], "now": "2026-01-01T00:00:00Z", "body": pbody,
     "headers": {"Paddle-Signature": "ts=%s;h1=%s" % (pts, hexmac(psec, pts + "." + pbody))}, "want": "signature_mismatch"},
    {"name": "tampered body", "secrets": [psec], "now": "2026-01-01T00:00:00Z", "headers": ph, "body": pbody.replace("txn_01", "txn_02"),
     "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [psec], "now": "2026-01-01T00:00:00Z", "body": pbody, "want": "missing_signature", "status": 400},
    {"name": "no h1", "secrets": [psec], "now": "2026-01-01T00:00:00Z", "headers": {"Paddle-Signature": "ts=" + pts}, "body": pbody,
     "want": "malformed_signature"},
    {"name": "bad ts", "secrets": [psec], "now": "2026-01-01T00:00:00Z", "headers": {"Paddle-Signature": "ts=x;h1=" + "00" * 32}, "body": pbody,
     "want": "malformed_timestamp"},
]})

# Svix / Clerk / Resend: Standard Webhooks with svix-* headers ----------------
sw_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
sw_key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")


def svix_headers(mid, ts, body, key=sw_key, names="svix"):
    sig = "v1," + b64mac(key, mid + "." + ts + "." + body)
    return {names + "-id": mid, names + "-timestamp": ts, names + "-signature": sig}


clerk_body = '{"data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC","object":"user"},"object":"event","type":"user.created","timestamp":1767225600000,"instance_id":"ins_123"}'
resend_body = '{"type":"email.delivered","created_at":"2026-01-01T00:00:00.000Z","data":{"email_id":"56761188-7520-42d8-8898-ff6fc54ce618","from":"Acme <onboarding@resend.dev>"}}'
svts = "1767225600"
svix_cases = [
    {"name": "SW-1 with svix header names", "source": "standard-webhooks libraries/go/webhook_test.go (providers.md 3.3)", "secrets": [sw_secret],
     "now": "1614265330", "headers": {"svix-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "svix-timestamp": "1614265330",
                                       "svix-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="},
     "body": '{"test": 2432232314}', "want": "ok", "event": {"delivery_id": "msg_p5jXN8AQM9LWM0D4loKWxJek"}},
    {"name": "SW-2 with webhook header names", "source": "standard-webhooks libraries/rust/src/lib.rs", "secrets": ["whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"],
     "now": "1649367553", "headers": {"webhook-id": "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", "webhook-timestamp": "1649367553",
                                       "webhook-signature": "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="},
     "body": '{"email":"test@example.com","username":"test_user"}', "want": "ok"},
    {"name": "Clerk user.created", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z", "headers": svix_headers("msg_clerk_1", svts, clerk_body),
     "body": clerk_body, "want": "ok",
     "event": {"delivery_id": "msg_clerk_1", "type": "user.created", "object_type": "user", "object_id": "user_29w83sxmDNGwOuEthce5gg56FcC",
               "subject": "ins_123", "action": "created", "time": "2026-01-01T00:00:00Z"}},
    {"name": "Resend email.delivered", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z", "headers": svix_headers("msg_resend_1", svts, resend_body),
     "body": resend_body, "want": "ok",
     "event": {"delivery_id": "msg_resend_1", "type": "email.delivered", "object_type": "email", "object_id": "56761188-7520-42d8-8898-ff6fc54ce618",
               "time": "2026-01-01T00:00:00Z"}},
    {"name": "rotation: several signatures, one right", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z", "body": clerk_body,
     "headers": hdr(svix_headers("msg_clerk_1", svts, clerk_body), svix_signature="v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc " +
                    svix_headers("msg_clerk_1", svts, clerk_body)["svix-signature"]), "want": "ok"},
    {"name": "wrong secret", "secrets": ["whsec_" + base64.b64encode(b"another key of 24 bytes!").decode()], "now": "2026-01-01T00:00:00Z",
     "headers": svix_headers("msg_clerk_1", svts, clerk_body), "body": clerk_body, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z", "headers": svix_headers("msg_clerk_1", svts, clerk_body),
     "body": clerk_body.replace("user.created", "user.deleted"), "want": "signature_mismatch"},
    {"name": "changed id", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z",
     "headers": hdr(svix_headers("msg_clerk_1", svts, clerk_body), svix_id="msg_clerk_2"), "body": clerk_body, "want": "signature_mismatch"},
    {"name": "stale (5 min + 1 s)", "secrets": [sw_secret], "now": "2026-01-01T00:05:01Z", "headers": svix_headers("msg_clerk_1", svts, clerk_body),
     "body": clerk_body, "want": "stale_timestamp", "status": 401},
    {"name": "future (5 min + 1 s)", "secrets": [sw_secret], "now": "2025-12-31T23:54:59Z", "headers": svix_headers("msg_clerk_1", svts, clerk_body),
     "body": clerk_body, "want": "future_timestamp", "status": 401},
    {"name": "missing signature", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z",
     "headers": drop(svix_headers("msg_clerk_1", svts, clerk_body), "svix-signature"), "body": clerk_body, "want": "missing_signature", "status": 400},
    {"name": "empty v1", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z",
     "headers": hdr(svix_headers("msg_clerk_1", svts, clerk_body), svix_signature="v1,"), "body": clerk_body, "want": "malformed_signature"},
    {"name": "missing id", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z",
     "headers": drop(svix_headers("msg_clerk_1", svts, clerk_body), "svix-id"), "body": clerk_body, "want": "malformed_signature"},
    {"name": "missing timestamp", "secrets": [sw_secret], "now": "2026-01-01T00:00:00Z",
     "headers": drop(svix_headers("msg_clerk_1", svts, clerk_body), "svix-timestamp"), "body": clerk_body, "want": "missing_timestamp"},
]
write("svix", {"provider": "svix", "also": ["clerk", "resend"],
               "source": "providers.md 3, 5.15-5.17 (Clerk and Resend deliver through Svix: svix-* headers, whsec_ secret); Standard Webhooks vectors SW-1/SW-2",
               "cases": svix_cases})

# GitLab: X-Gitlab-Token, and the Standard Webhooks signing token -------------
gl_token = "gitlab-secret-token"
gl_signing = "whsec_" + base64.b64encode(bytes(range(100, 132))).decode()  # 32-byte key, as GitLab generates
gl_key = base64.b64decode(gl_signing[6:])
glbody = '{"object_kind":"merge_request","event_type":"merge_request","project":{"path_with_namespace":"group/app"},"object_attributes":{"id":99,"action":"open","updated_at":"2026-01-01T00:00:00Z"}}'
glh = {"X-Gitlab-Token": gl_token, "X-Gitlab-Event": "Merge Request Hook", "Idempotency-Key": "0b3f2c4e-1111-2222-3333-444455556666",
       "X-Gitlab-Event-UUID": "9f1e7c2a-aaaa-bbbb-cccc-ddddeeeeffff", "Content-Type": "application/json"}
glts = "1767225600"
glsig = {"webhook-id": "0b3f2c4e-1111-2222-3333-444455556666", "webhook-timestamp": glts,
         "webhook-signature": "v1," + b64mac(gl_key, "0b3f2c4e-1111-2222-3333-444455556666." + glts + "." + glbody)}
glev = {"delivery_id": "0b3f2c4e-1111-2222-3333-444455556666", "type": "Merge Request Hook", "subject": "group/app", "object_type": "merge_request",
        "object_id": "99", "action": "created", "time": "2026-01-01T00:00:00Z"}
write("gitlab", {"provider": "gitlab", "source": "providers.md 5.5; signing token format whsec_<base64 of a 32-byte key>, signature per Standard Webhooks over {webhook-id}.{timestamp}.{body}, webhook-id = Idempotency-Key: GitLab MRs gitlab-org/gitlab!230944 and !231325 (gitlab.com)", "cases": [
    {"name": "secret token", "secrets": [gl_token], "headers": glh, "body": glbody, "want": "ok", "event": glev},
    {"name": "event UUID when no Idempotency-Key", "secrets": [gl_token], "headers": drop(glh, "Idempotency-Key"), "body": glbody, "want": "ok",
     "event": {"delivery_id": "9f1e7c2a-aaaa-bbbb-cccc-ddddeeeeffff"}},
    {"name": "rotated token", "secrets": ["old-token", gl_token], "headers": glh, "body": glbody, "want": "ok"},
    {"name": "wrong token", "secrets": ["another-token"], "headers": glh, "body": glbody, "want": "signature_mismatch", "status": 401},
    {"name": "token prefix only", "secrets": [gl_token], "headers": hdr(glh, X_Gitlab_Token=gl_token[:-1]), "body": glbody, "want": "signature_mismatch"},
    {"name": "missing token", "secrets": [gl_token], "headers": drop(glh, "X-Gitlab-Token"), "body": glbody, "want": "missing_signature", "status": 400},
    {"name": "signing token", "secrets": [gl_signing], "now": "2026-01-01T00:00:00Z", "headers": hdr(drop(glh, "X-Gitlab-Token"), **{k.replace("-", "_"): v for k, v in glsig.items()}),
     "body": glbody, "want": "ok", "event": glev},
    {"name": "signing token and secret token both required", "secrets": [gl_signing, gl_token], "now": "2026-01-01T00:00:00Z",
     "headers": hdr(glh, **{k.replace("-", "_"): v for k, v in glsig.items()}), "body": glbody, "want": "ok"},
    {"name": "both configured, token missing", "secrets": [gl_signing, gl_token], "now": "2026-01-01T00:00:00Z",
     "headers": hdr(drop(glh, "X-Gitlab-Token"), **{k.replace("-", "_"): v for k, v in glsig.items()}), "body": glbody, "want": "missing_signature"},
    {"name": "no downgrade: token only when a signing token is configured", "secrets": [gl_signing, gl_token], "now": "2026-01-01T00:00:00Z",
     "headers": glh, "body": glbody, "want": "missing_signature", "status": 400},
    {"name": "signing: tampered body", "secrets": [gl_signing], "now": "2026-01-01T00:00:00Z",
     "headers": hdr(glh, **{k.replace("-", "_"): v for k, v in glsig.items()}), "body": glbody.replace("99", "98"), "want": "signature_mismatch"},
    {"name": "signing: wrong signing token", "secrets": ["whsec_" + base64.b64encode(bytes(32)).decode()], "now": "2026-01-01T00:00:00Z",
     "headers": hdr(glh, **{k.replace("-", "_"): v for k, v in glsig.items()}), "body": glbody, "want": "signature_mismatch"},
    {"name": "signing: stale (5 min + 1 s)", "secrets": [gl_signing], "now": "2026-01-01T00:05:01Z",
     "headers": hdr(glh, **{k.replace("-", "_"): v for k, v in glsig.items()}), "body": glbody, "want": "stale_timestamp", "status": 401},
    {"name": "signing: future (5 min + 1 s)", "secrets": [gl_signing], "now": "2025-12-31T23:54:59Z",
     "headers": hdr(glh, **{k.replace("-", "_"): v for k, v in glsig.items()}), "body": glbody, "want": "future_timestamp", "status": 401},
    {"name": "signing: malformed signature", "secrets": [gl_signing], "now": "2026-01-01T00:00:00Z",
     "headers": hdr(glh, **dict(glsig, **{"webhook-signature": "v1,***"})), "body": glbody, "want": "malformed_signature"},
    {"name": "wrong method", "secrets": [gl_token], "method": "GET", "headers": glh, "want": "method_not_allowed", "status": 405},
]})

# Square: official vector; notification_url option -----------------------------
sq_key = "Ibxx_5AKakO-3qeNVR61Dw"
sq_url = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9"
sq_body = '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}'
sq_sig = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="
assert b64mac(sq_key, sq_url + sq_body) == sq_sig
sqo = {"notification_url": sq_url}
write("square", {"provider": "square", "source": "providers.md 5.18; official vector of square/square-python-sdk tests/utilities/test_webhooks_helper.py", "cases": [
    {"name": "official SDK vector", "source": "square/square-python-sdk tests/utilities/test_webhooks_helper.py", "secrets": [sq_key], "options": sqo,
     "headers": {"x-square-hmacsha256-signature": sq_sig, "Content-Type": "application/json"}, "body": sq_body, "want": "ok",
     "event": {"delivery_id": "ac3ac95b-f97d-458c-a6e6-18981597e05f", "type": "webhooks.test_notification", "object_type": "webhooks",
               "object_id": "bc368e64-01aa-407e-b46e-3231809b1129", "subject": "MLEFBHHSJGVHD", "time": "2022-07-13T20:30:59Z"}},
    {"name": "request Host is not used", "secrets": [sq_key], "options": sqo, "url": "http://attacker.example/other?x=1",
     "headers": {"x-square-hmacsha256-signature": sq_sig, "X-Forwarded-Host": "evil.example"}, "body": sq_body, "want": "ok"},
    {"name": "other notification URL", "secrets": [sq_key], "options": {"notification_url": sq_url + "/"},
     "headers": {"x-square-hmacsha256-signature": sq_sig}, "body": sq_body, "want": "signature_mismatch", "status": 401},
    {"name": "wrong key", "secrets": ["wrong_key"], "options": sqo, "headers": {"x-square-hmacsha256-signature": sq_sig}, "body": sq_body,
     "want": "signature_mismatch"},
    {"name": "tampered body", "secrets": [sq_key], "options": sqo, "headers": {"x-square-hmacsha256-signature": sq_sig},
     "body": sq_body.replace("MLEF", "MLEG"), "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [sq_key], "options": sqo, "body": sq_body, "want": "missing_signature", "status": 400},
    {"name": "malformed header", "secrets": [sq_key], "options": sqo, "headers": {"x-square-hmacsha256-signature": "%%%"}, "body": sq_body,
     "want": "malformed_signature"},
    {"name": "legacy SHA-1 refused by default", "secrets": [sq_key], "options": sqo,
     "headers": {"x-square-signature": b64mac(sq_key, sq_url + sq_body, h=hashlib.sha1)}, "body": sq_body, "want": "missing_signature"},
    {"name": "legacy SHA-1 with allow_sha1", "secrets": [sq_key], "options": {"notification_url": sq_url, "allow_sha1": "true"},
     "headers": {"x-square-signature": b64mac(sq_key, sq_url + sq_body, h=hashlib.sha1)}, "body": sq_body, "want": "ok"},
    {"name": "legacy SHA-1 wrong", "secrets": [sq_key], "options": {"notification_url": sq_url, "allow_sha1": "true"},
     "headers": {"x-square-signature": b64mac("x", sq_url + sq_body, h=hashlib.sha1)}, "body": sq_body, "want": "signature_mismatch"},
]})

# Twilio: the six official vectors of twilio-go; public_url option -------------
tw_token = "12345"
tw_params = [("Digits", "1234"), ("CallSid", "CA1234567890ABCDE"), ("To", "+18005551212"), ("Caller", "+14158675309"), ("From", "+14158675309")]
tw_form = urllib.parse.urlencode(tw_params)
tw_sorted = "".join(k + v for k, v in sorted(tw_params))


def twsig(url, params=""):
    return b64mac(tw_token, url + params, h=hashlib.sha1)


assert twsig("https://mycompany.com/myapp.php?foo=1&bar=2", tw_sorted) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
assert twsig("https://mycompany.com:443/myapp.php?foo=1&bar=2", tw_sorted) == "kvajT1Ptam85bY51eRf/AJRuM3w="
assert twsig("http://mycompany.com:80/myapp.php?foo=1&bar=2", tw_sorted) == "0ZXoZLH/DfblKGATFgpif+LLRf4="
assert twsig("http://mycompany.com:1234/myapp.php?foo=1&bar=2", tw_sorted) == "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
tw_json = '{"property": "value", "boolean": true}'
tw_hash = hashlib.sha256(tw_json.encode()).hexdigest()
assert tw_hash == "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
assert twsig("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + tw_hash) == "a9nBmqA0ju/hNViExpshrM61xv4="
assert twsig("https://mycompany.com/myapp.php?bodySHA256=" + tw_hash) == "y77kIzt2vzLz71DgmJGsen2scGs="
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSONCT = {"Content-Type": "application/json"}
src = "twilio/twilio-go client/request_validator_test.go"


def tw(name, public, query, sig, body=tw_form, ct=FORM, want="ok", **kw):
    h = dict(ct)
    if sig:
        h["X-Twilio-Signature"] = sig
    c = {"name": name, "secrets": [tw_token], "options": {"public_url": public}, "url": "/hooks/twilio" + query,
         "headers": h, "body": body, "want": want}
    c.update(kw)
    return c


status_form = urllib.parse.urlencode([("AccountSid", "AC123"), ("MessageSid", "SM456"), ("MessageStatus", "delivered")])
write("twilio", {"provider": "twilio", "source": "providers.md 5.9; the six official vectors of twilio/twilio-go client/request_validator_test.go", "cases": [
    tw("official: URL with query and form params", "https://mycompany.com/myapp.php", "?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", source=src,
       event={"type": "call", "object_type": "call", "object_id": "CA1234567890ABCDE"}),
    tw("official: signature with :443 (default port variant)", "https://mycompany.com/myapp.php", "?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=", source=src),
    tw("official: http with :80 (default port variant)", "http://mycompany.com/myapp.php", "?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=", source=src),
    tw("official: http with custom port", "http://mycompany.com:1234/myapp.php", "?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", source=src),
    tw("official: public URL with custom port validates against the port-less signature", "https://mycompany.com:1234/myapp.php", "?foo=1&bar=2",
       "RSOYDt4T1cUTdK1PDd93/VVr8B8=", source=src),
    tw("official: JSON body with bodySHA256 and query", "https://mycompany.com/myapp.php", "?foo=1&bar=2&bodySHA256=" + tw_hash,
       "a9nBmqA0ju/hNViExpshrM61xv4=", body=tw_json, ct=JSONCT, source=src),
    tw("official: JSON body with bodySHA256 only", "https://mycompany.com/myapp.php", "?bodySHA256=" + tw_hash,
       "y77kIzt2vzLz71DgmJGsen2scGs=", body=tw_json, ct=JSONCT, source=src),
    tw("JSON body tampered (bodySHA256 mismatch)", "https://mycompany.com/myapp.php", "?bodySHA256=" + tw_hash, "y77kIzt2vzLz71DgmJGsen2scGs=",
       body=tw_json.replace("value", "valuf"), ct=JSONCT, want="signature_mismatch", status=401),
    tw("bodySHA256 not hex", "https://mycompany.com/myapp.php", "?bodySHA256=zz", "y77kIzt2vzLz71DgmJGsen2scGs=", body=tw_json, ct=JSONCT,
       want="malformed_signature"),
    tw("JSON body without bodySHA256 refused", "https://mycompany.com/myapp.php", "", twsig("https://mycompany.com/myapp.php"), body=tw_json, ct=JSONCT,
       want="malformed_payload", status=400),
    tw("message status callback", "https://hooks.example.com/twilio/sms", "", twsig("https://hooks.example.com/twilio/sms",
       "AccountSidAC123MessageSidSM456MessageStatusdelivered"), body=status_form,
       event={"type": "message.delivered", "object_type": "message", "object_id": "SM456", "subject": "AC123"}),
    tw("wrong auth token", "https://mycompany.com/myapp.php", "?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", secrets=["54321"],
       want="signature_mismatch", status=401),
    tw("tampered form param", "https://mycompany.com/myapp.php", "?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", body=tw_form.replace("1234", "9999"),
       want="signature_mismatch"),
    tw("query changed", "https://mycompany.com/myapp.php", "?foo=1&bar=3", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", want="signature_mismatch"),
    tw("other public URL path", "https://mycompany.com/other.php", "?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", want="signature_mismatch"),
    tw("missing signature", "https://mycompany.com/myapp.php", "?foo=1&bar=2", "", want="missing_signature", status=400),
    tw("malformed signature", "https://mycompany.com/myapp.php", "?foo=1&bar=2", "!!notbase64!!", want="malformed_signature", status=400),
    tw("repeated names: values sorted and de-duplicated (twilio-python)", "https://hooks.example.com/t", "",
       twsig("https://hooks.example.com/t", "AccountSidAC1MediaUrla1MediaUrlb2"), body="MediaUrl=b2&AccountSid=AC1&MediaUrl=a1&MediaUrl=b2",
       source="twilio/twilio-python twilio/request_validator.py compute_signature"),
    {"name": "GET webhook signs the URL alone", "secrets": [tw_token], "options": {"public_url": "https://mycompany.com/myapp.php"}, "method": "GET",
     "url": "/hooks/twilio?CallSid=CA1&AccountSid=AC9", "headers": {"X-Twilio-Signature": twsig("https://mycompany.com/myapp.php?CallSid=CA1&AccountSid=AC9")},
     "want": "ok", "event": {"object_type": "call", "object_id": "CA1", "subject": "AC9"}},
    {"name": "wrong method", "secrets": [tw_token], "options": {"public_url": "https://mycompany.com/myapp.php"}, "method": "PUT",
     "headers": {"X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="}, "body": tw_form, "want": "method_not_allowed", "status": 405},
]})

# HubSpot v3 (and opt-in v1/v2) -----------------------------------------------
hs_secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
hs_public = "https://www.example.com/webhook_uri"
hs_ts = "1767225600000"
hs_body = '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1767225590000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]'
hs_batch = '[{"eventId":1,"portalId":62515,"subscriptionType":"contact.creation","objectId":1},{"eventId":2,"portalId":62515,"subscriptionType":"deal.creation","objectId":2}]'


def hs3(body, uri=hs_public, ts=hs_ts, method="POST", secret=hs_secret):
    return b64mac(secret, method + uri + body + ts)


hs_v1_body = '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]'
assert hashlib.sha256((hs_secret + hs_v1_body).encode()).hexdigest() == "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
hso = {"public_url": hs_public}
hsh = {"X-HubSpot-Signature-v3": hs3(hs_body), "X-HubSpot-Request-Timestamp": hs_ts, "Content-Type": "application/json"}
q_raw = "?name=a%3Ab%2Cc&x=%20y"
q_dec = "?name=a:b,c&x=%20y"
write("hubspot", {"provider": "hubspot", "source": "providers.md 5.32; v3 algorithm, decode table and 5-minute limit: developers.hubspot.com 'Validating requests' (request-validation); v1 vector: HubSpot docs 'v1 request validation' FAQ", "cases": [
    {"name": "v3 valid", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:00:00Z", "headers": hsh, "body": hs_body, "want": "ok",
     "event": {"delivery_id": "1", "type": "contact.creation", "object_type": "contact", "object_id": "123", "subject": "62515", "action": "created",
               "time": "2025-12-31T23:59:50Z"}},
    {"name": "v3 query decoded per HubSpot's table", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:00:00Z", "url": "/hooks/hubspot" + q_raw,
     "headers": hdr(hsh, X_HubSpot_Signature_v3=hs3(hs_body, uri=hs_public + q_dec)), "body": hs_body, "want": "ok"},
    {"name": "v3 batch of two types", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:00:00Z",
     "headers": hdr(hsh, X_HubSpot_Signature_v3=hs3(hs_batch)), "body": hs_batch, "want": "ok", "event": {"type": "batch", "subject": "62515"}},
    {"name": "v3 edge of window (5 min)", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:05:00Z", "headers": hsh, "body": hs_body, "want": "ok"},
    {"name": "v3 stale (5 min + 1 s)", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:05:01Z", "headers": hsh, "body": hs_body,
     "want": "stale_timestamp", "status": 401},
    {"name": "v3 future (5 min + 1 s)", "secrets": [hs_secret], "options": hso, "now": "2025-12-31T23:54:59Z", "headers": hsh, "body": hs_body,
     "want": "future_timestamp", "status": 401},
    {"name": "v3 timestamp in seconds refused", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:00:00Z",
     "headers": hdr(hsh, X_HubSpot_Request_Timestamp="1767225600", X_HubSpot_Signature_v3=hs3(hs_body, ts="1767225600")), "body": hs_body,
     "want": "stale_timestamp"},
    {"name": "v3 wrong secret", "secrets": ["other"], "options": hso, "now": "2026-01-01T00:00:00Z", "headers": hsh, "body": hs_body,
     "want": "signature_mismatch", "status": 401},
    {"name": "v3 other public URL", "secrets": [hs_secret], "options": {"public_url": "https://www.example.com/other"}, "now": "2026-01-01T00:00:00Z",
     "headers": hsh, "body": hs_body, "want": "signature_mismatch"},
    {"name": "v3 tampered timestamp", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:00:00Z",
     "headers": hdr(hsh, X_HubSpot_Request_Timestamp="1767225601000"), "body": hs_body, "want": "signature_mismatch"},
    {"name": "v3 tampered body", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:00:00Z", "headers": hsh,
     "body": hs_body.replace("123", "124"), "want": "signature_mismatch"},
    {"name": "v3 missing timestamp", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:00:00Z",
     "headers": drop(hsh, "X-HubSpot-Request-Timestamp"), "body": hs_body, "want": "missing_timestamp", "status": 400},
    {"name": "v3 missing signature", "secrets": [hs_secret], "options": hso, "now": "2026-01-01T00:00:00Z",
     "headers": drop(hsh, "X-HubSpot-Signature-v3"), "body": hs_body, "want": "missing_signature", "status": 400},
    {"name": "v1 refused by default", "secrets": [hs_secret], "options": hso, "body": hs_v1_body,
     "headers": {"X-HubSpot-Signature": "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", "X-HubSpot-Signature-Version": "v1"},
     "want": "missing_signature"},
    {"name": "official v1 vector with allow_legacy", "source": "HubSpot docs, v1 request validation", "secrets": [hs_secret],
     "options": {"public_url": hs_public, "allow_legacy": "true"}, "body": hs_v1_body,
     "headers": {"X-HubSpot-Signature": "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", "X-HubSpot-Signature-Version": "v1"},
     "want": "ok"},
    {"name": "v2 with allow_legacy", "secrets": [hs_secret], "options": {"public_url": hs_public, "allow_legacy": "true"}, "body": hs_body,
     "headers": {"X-HubSpot-Signature": hashlib.sha256((hs_secret + "POST" + hs_public + hs_body).encode()).hexdigest(), "X-HubSpot-Signature-Version": "v2"},
     "want": "ok"},
    {"name": "v1 wrong secret", "secrets": ["other"], "options": {"public_url": hs_public, "allow_legacy": "true"}, "body": hs_v1_body,
     "headers": {"X-HubSpot-Signature": "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", "X-HubSpot-Signature-Version": "v1"},
     "want": "signature_mismatch"},
    {"name": "legacy unknown version", "secrets": [hs_secret], "options": {"public_url": hs_public, "allow_legacy": "true"}, "body": hs_v1_body,
     "headers": {"X-HubSpot-Signature": "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", "X-HubSpot-Signature-Version": "v9"},
     "want": "malformed_signature"},
]})

# SendGrid: official ECDSA vector + fixed keys/signatures (see module doc) -----
sg_pub = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA=="
sg_sig = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0="
sg_ts = "1588788367"
sg_payload = '{"category":"example_payload","event":"test_event","message_id":"message_id"}'
my_pub = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsn8Q+R35OPK+LtCSuvEq9o4YFicQ8r0+GDF0RtPGYtEEwUNGvwPXXPaDVVCM4I/sGFn4E9foS23iaRaRbQinYQ=="
my_pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsn8Q+R35OPK+LtCSuvEq9o4YFicQ\n8r0+GDF0RtPGYtEEwUNGvwPXXPaDVVCM4I/sGFn4E9foS23iaRaRbQinYQ==\n-----END PUBLIC KEY-----\n"
other_pub = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEPteijsZI7c5dW34lL2sqr7tEg1EUoks8qo9xD2SZO8JXEaNM3JIpCAtjnwmXf+t8qR7M4WSb/qithccrIGrefg=="
my_ts = "1767225600"
my_body1 = '[{"email":"a@example.com","timestamp":1767225590,"event":"delivered","sg_event_id":"ZGVsaXZlcmVkLTAtMjQ","sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0"}]'
my_sig1 = "MEYCIQCqxPF20/E7cWDYKTHVFoaY9XyOu+9C5uR4/PoLVh+K7wIhAOeIqjXD0x2YfHJkuIHrcgo4KwzI6Jyt+WGd+5aojLGY"
my_body2 = '[{"email":"a@example.com","timestamp":1767225590,"event":"open","sg_event_id":"b3Blbi0x"},{"email":"b@example.com","timestamp":1767225591,"event":"click","sg_event_id":"Y2xpY2stMg"}]'
my_sig2 = "MEQCIAhmIzTpFbj+Pv3E1PUqH7ON6jrBXZjdvpTElgOZrEHcAiAT5JkBagcm8+FuEennc+jqaG4vcnCcKAlTmoHkAh1B8w=="


def sgh(sig, ts):
    return {"X-Twilio-Email-Event-Webhook-Signature": sig, "X-Twilio-Email-Event-Webhook-Timestamp": ts, "Content-Type": "application/json"}


write("sendgrid", {"provider": "sendgrid", "source": "providers.md 5.20; official vector of sendgrid/sendgrid-go helpers/eventwebhook/eventwebhook_test.go; other signatures computed once with Python cryptography (see gen_b_vectors.py)", "cases": [
    {"name": "official sendgrid-go vector", "source": "sendgrid/sendgrid-go helpers/eventwebhook/eventwebhook_test.go", "secrets": [sg_pub],
     "now": sg_ts, "headers": sgh(sg_sig, sg_ts), "body": sg_payload, "want": "ok", "event": {"type": "test_event"}},
    {"name": "official vector, payload with trailing newline", "secrets": [sg_pub], "now": sg_ts, "headers": sgh(sg_sig, sg_ts),
     "body": sg_payload + "\r\n", "want": "signature_mismatch", "status": 401},
    {"name": "official vector, other timestamp", "secrets": [sg_pub], "now": sg_ts, "headers": sgh(sg_sig, "1588788368"), "body": sg_payload,
     "want": "signature_mismatch"},
    {"name": "single event", "secrets": [my_pub], "now": "2026-01-01T00:00:00Z", "headers": sgh(my_sig1, my_ts), "body": my_body1, "want": "ok",
     "event": {"delivery_id": "ZGVsaXZlcmVkLTAtMjQ", "type": "delivered", "object_type": "message",
               "object_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", "time": "2025-12-31T23:59:50Z"}},
    {"name": "PEM key", "secrets": [my_pem], "now": "2026-01-01T00:00:00Z", "headers": sgh(my_sig1, my_ts), "body": my_body1, "want": "ok"},
    {"name": "two keys, second matches", "secrets": [other_pub, my_pub], "now": "2026-01-01T00:00:00Z", "headers": sgh(my_sig1, my_ts), "body": my_body1,
     "want": "ok"},
    {"name": "batch: no delivery id", "secrets": [my_pub], "now": "2026-01-01T00:00:00Z", "headers": sgh(my_sig2, my_ts), "body": my_body2, "want": "ok",
     "event": {"type": "batch"}},
    {"name": "wrong key", "secrets": [other_pub], "now": "2026-01-01T00:00:00Z", "headers": sgh(my_sig1, my_ts), "body": my_body1,
     "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [my_pub], "now": "2026-01-01T00:00:00Z", "headers": sgh(my_sig1, my_ts), "body": my_body1.replace("a@", "b@"),
     "want": "signature_mismatch"},
    {"name": "stale (10 min + 1 s)", "secrets": [my_pub], "now": "2026-01-01T00:10:01Z", "headers": sgh(my_sig1, my_ts), "body": my_body1,
     "want": "stale_timestamp", "status": 401},
    {"name": "future (10 min + 1 s)", "secrets": [my_pub], "now": "2025-12-31T23:49:59Z", "headers": sgh(my_sig1, my_ts), "body": my_body1,
     "want": "future_timestamp", "status": 401},
    {"name": "missing signature", "secrets": [my_pub], "now": "2026-01-01T00:00:00Z", "headers": drop(sgh(my_sig1, my_ts), "X-Twilio-Email-Event-Webhook-Signature"),
     "body": my_body1, "want": "missing_signature", "status": 400},
    {"name": "missing timestamp", "secrets": [my_pub], "now": "2026-01-01T00:00:00Z", "headers": drop(sgh(my_sig1, my_ts), "X-Twilio-Email-Event-Webhook-Timestamp"),
     "body": my_body1, "want": "missing_timestamp", "status": 400},
    {"name": "signature not base64", "secrets": [my_pub], "now": "2026-01-01T00:00:00Z", "headers": sgh("***", my_ts), "body": my_body1,
     "want": "malformed_signature", "status": 400},
    {"name": "signature not DER", "secrets": [my_pub], "now": "2026-01-01T00:00:00Z", "headers": sgh(base64.b64encode(b"not a DER signature").decode(), my_ts),
     "body": my_body1, "want": "signature_mismatch"},
]})

# Mailgun: signature in the body ------------------------------------------------
mg_key = "key-mailgun-signing-0123456789"
mg_ts, mg_tok = "1767225600", "e0b5477167110d68991efc6b9f89f0a11066af27834600e123"


def mg_json(key=mg_key, ts=mg_ts, tok=mg_tok, parent=None, event="delivered"):
    sig = {"timestamp": ts, "token": tok, "signature": hexmac(key, ts + tok)}
    if parent:
        sig["signature"] = hexmac("subaccount-key", ts + tok)
        sig["parent-signature"] = hexmac(parent, ts + tok)
    return json.dumps({"signature": sig, "event-data": {"id": "CPgfbmQMTCKtHW6uIWtuVe", "event": event, "timestamp": 1767225599.5,
                                                       "message": {"headers": {"message-id": "20260101.1@example.com"}}}}, separators=(",", ":"))


mg_form = urllib.parse.urlencode([("event", "delivered"), ("Message-Id", "<20260101.1@example.com>"), ("timestamp", mg_ts), ("token", mg_tok),
                                  ("signature", hexmac(mg_key, mg_ts + mg_tok))])
boundary = "mgboundary7MA4YWxkTrZu0gW"
mg_mp = "".join("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v) for k, v in
                [("event", "bounced"), ("timestamp", mg_ts), ("token", mg_tok), ("signature", hexmac(mg_key, mg_ts + mg_tok))]) + "--%s--\r\n" % boundary
J = {"Content-Type": "application/json"}
write("mailgun", {"provider": "mailgun", "source": "providers.md 5.21; signature object, parent-signature and 'do not be too aggressive with the timestamp check': Mailgun docs 'Securing Webhooks' (documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks); 10 min window is hookstile's choice; cases computed from the scheme", "cases": [
    {"name": "JSON webhook", "secrets": [mg_key], "now": "2026-01-01T00:00:00Z", "headers": J, "body": mg_json(), "want": "ok",
     "event": {"delivery_id": "CPgfbmQMTCKtHW6uIWtuVe", "type": "delivered", "object_type": "message", "object_id": "20260101.1@example.com",
               "time": "2025-12-31T23:59:59Z"}},
    {"name": "subaccount: parent-signature with the parent key", "secrets": [mg_key], "now": "2026-01-01T00:00:00Z", "headers": J,
     "body": mg_json(parent=mg_key), "want": "ok"},
    {"name": "legacy form webhook", "secrets": [mg_key], "now": "2026-01-01T00:00:00Z", "headers": {"Content-Type": "application/x-www-form-urlencoded"},
     "body": mg_form, "want": "ok", "event": {"type": "delivered", "object_id": "<20260101.1@example.com>"}},
    {"name": "legacy multipart webhook", "secrets": [mg_key], "now": "2026-01-01T00:00:00Z",
     "headers": {"Content-Type": "multipart/form-data; boundary=" + boundary}, "body": mg_mp, "want": "ok", "event": {"type": "bounced"}},
    {"name": "wrong key", "secrets": ["key-other"], "now": "2026-01-01T00:00:00Z", "headers": J, "body": mg_json(), "want": "signature_mismatch", "status": 401},
    {"name": "token changed", "secrets": [mg_key], "now": "2026-01-01T00:00:00Z", "headers": J,
     "body": mg_json().replace(mg_tok, mg_tok[:-1] + "4"), "want": "signature_mismatch"},
    {"name": "stale (10 min + 1 s)", "secrets": [mg_key], "now": "2026-01-01T00:10:01Z", "headers": J, "body": mg_json(), "want": "stale_timestamp", "status": 401},
    {"name": "future (10 min + 1 s)", "secrets": [mg_key], "now": "2025-12-31T23:49:59Z", "headers": J, "body": mg_json(), "want": "future_timestamp", "status": 401},
    {"name": "no signature object", "secrets": [mg_key], "headers": J, "body": '{"event-data":{"event":"delivered"}}', "want": "missing_signature", "status": 400},
    {"name": "no token", "secrets": [mg_key], "now": "2026-01-01T00:00:00Z", "headers": J,
     "body": '{"signature":{"timestamp":"%s","signature":"%s"}}' % (mg_ts, hexmac(mg_key, mg_ts)), "want": "malformed_signature"},
    {"name": "signature not hex", "secrets": [mg_key], "now": "2026-01-01T00:00:00Z", "headers": J,
     "body": '{"signature":{"timestamp":"%s","token":"%s","signature":"xyz"}}' % (mg_ts, mg_tok), "want": "malformed_signature", "status": 400},
    {"name": "no timestamp", "secrets": [mg_key], "headers": J, "body": '{"signature":{"token":"%s","signature":"%s"}}' % (mg_tok, "ab" * 32),
     "want": "missing_timestamp"},
    {"name": "not JSON", "secrets": [mg_key], "headers": J, "body": "{nope", "want": "malformed_payload", "status": 400},
    {"name": "unsupported media type", "secrets": [mg_key], "headers": {"Content-Type": "text/xml"}, "body": "<a/>", "want": "unsupported_media_type",
     "status": 415},
]})

# Postmark: Basic auth ------------------------------------------------------------
pm_cred = "hookuser:s3cr3t-pass"
pm_auth = "Basic " + base64.b64encode(pm_cred.encode()).decode()
pm_body = '{"RecordType":"Delivery","ServerID":23,"MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","Recipient":"john@example.com","DeliveredAt":"2026-01-01T00:00:00Z"}'
pm_inbound = '{"From":"a@example.com","MessageID":"22c74902-a0c1-4511-804f-341342852c90","Subject":"Hi","Date":"Thu, 1 Jan 2026 00:00:00 +0000"}'
write("postmark", {"provider": "postmark", "source": "providers.md 5.22 (Postmark: HTTP Basic credentials in the webhook URL; postmarkapp.com 'Webhooks', Hookdeck postmark-webhooks skill)", "cases": [
    {"name": "delivery with Basic auth", "secrets": [pm_cred], "headers": {"Authorization": pm_auth, "Content-Type": "application/json"}, "body": pm_body,
     "want": "ok", "event": {"type": "Delivery", "object_type": "message", "object_id": "883953f4-6105-42a2-a16a-77a8eac79483", "subject": "23",
                             "time": "2026-01-01T00:00:00Z"}},
    {"name": "inbound message", "secrets": [pm_cred], "headers": {"Authorization": pm_auth}, "body": pm_inbound, "want": "ok",
     "event": {"type": "Inbound", "object_id": "22c74902-a0c1-4511-804f-341342852c90"}},
    {"name": "rotated credentials", "secrets": ["old:pass", pm_cred], "headers": {"Authorization": pm_auth}, "body": pm_body, "want": "ok"},
    {"name": "wrong password", "secrets": [pm_cred], "headers": {"Authorization": "Basic " + base64.b64encode(b"hookuser:wrong").decode()}, "body": pm_body,
     "want": "signature_mismatch", "status": 401},
    {"name": "missing Authorization", "secrets": [pm_cred], "body": pm_body, "want": "missing_signature", "status": 400},
    {"name": "Bearer instead of Basic", "secrets": [pm_cred], "headers": {"Authorization": "Bearer " + pm_cred}, "body": pm_body,
     "want": "malformed_signature", "status": 400},
    {"name": "Basic not base64", "secrets": [pm_cred], "headers": {"Authorization": "Basic %%%"}, "body": pm_body, "want": "malformed_signature"},
    {"name": "query token with token_param", "secrets": ["tok-0123456789abcdef"], "options": {"token_param": "token"},
     "url": "/hooks/postmark?token=tok-0123456789abcdef", "body": pm_body, "want": "ok"},
    {"name": "wrong query token", "secrets": ["tok-0123456789abcdef"], "options": {"token_param": "token"}, "url": "/hooks/postmark?token=tok-x",
     "body": pm_body, "want": "signature_mismatch"},
    {"name": "query token ignored without token_param", "secrets": [pm_cred], "url": "/hooks/postmark?token=" + urllib.parse.quote(pm_cred),
     "body": pm_body, "want": "missing_signature"},
    {"name": "wrong method", "secrets": [pm_cred], "method": "GET", "headers": {"Authorization": pm_auth}, "want": "method_not_allowed", "status": 405},
]})

print("ok")
