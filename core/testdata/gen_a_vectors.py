#!/usr/bin/env python3
"""Writes the group A providers' vector files (core/testdata/vectors/*.json).

Group A: the providers whose handshake hookstile answers at the edge.
Official vectors are copied from ../shared/providers.md or the providers'
SDK tests (sources named in each case); the other cases are computed here from
each scheme's definition with Python's hmac/hashlib/base64, independently of
the Go code under test. Run from core/testdata.

Discord (Ed25519) signatures cannot be computed with the standard library:
they were computed once with a throw-away Go program (not committed) that
derives the key with ed25519.NewKeyFromSeed(sha256(seed text)) and prints
the public key and ed25519.Sign(key, timestamp + body); the values are pasted
below with their seed text and messages.
"""
import base64, hashlib, hmac, json

NOW = 1767225600  # 2026-01-01T00:00:00Z, the runner's default "now"
TS = str(NOW)


from vectorlib import mac, hexmac, b64mac, write  # noqa: E402


def compact(o):
    return json.dumps(o, separators=(",", ":"))


NOSNIFF = {"X-Content-Type-Options": "nosniff"}
TEXT = {"Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff"}
JSONH = {"Content-Type": "application/json", "X-Content-Type-Options": "nosniff"}
LONG = "a" * 513

# Zoom -----------------------------------------------------------------------
zk = "zoom_secret_token_123"
zbody = compact({"event": "meeting.created", "event_ts": 1767225599000, "payload": {"account_id": "AAAbbb123",
                 "object": {"uuid": "4444AAAiAAAAAiAiAiiAii==", "id": "1234567890", "topic": "Standup"}}})
zval = compact({"payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"}, "event_ts": 1767225599000, "event": "endpoint.url_validation"})


def zh(body, key=zk, ts=TS):
    return {"Content-Type": "application/json", "x-zm-request-timestamp": ts, "x-zm-signature": "v0=" + hexmac(key, "v0:", ts, ":", body)}


def zval_body(tok):
    return compact({"payload": {"plainToken": tok}, "event": "endpoint.url_validation"})


write("zoom", {"provider": "zoom", "source": "providers.md 5.10 (zoom/webhook-sample index.js; Zoom docs 'Using webhooks'); no published vector: cases computed here",
               "cases": [
    {"name": "valid event", "secrets": [zk], "body": zbody, "headers": zh(zbody), "want": "ok",
     "event": {"type": "meeting.created", "subject": "AAAbbb123", "object_type": "meeting", "object_id": "4444AAAiAAAAAiAiAiiAii==", "action": "created", "time": "2025-12-31T23:59:59Z"}},
    {"name": "url validation answered after the signature check", "secrets": [zk], "body": zval, "headers": zh(zval), "want": "handshake", "status": 200,
     "reply_body": compact({"encryptedToken": hexmac(zk, "qgg8vlvZRS6UYooatFL8Aw"), "plainToken": "qgg8vlvZRS6UYooatFL8Aw"}), "reply_headers": JSONH},
    {"name": "url validation with a rotated secret uses the key that verified", "secrets": ["old_zoom_token", zk], "body": zval, "headers": zh(zval), "want": "handshake",
     "reply_body": compact({"encryptedToken": hexmac(zk, "qgg8vlvZRS6UYooatFL8Aw"), "plainToken": "qgg8vlvZRS6UYooatFL8Aw"})},
    {"name": "url validation with a forged signature", "secrets": [zk], "body": zval, "headers": zh(zval, key="forged"), "want": "signature_mismatch", "status": 401},
    {"name": "url validation token with markup", "secrets": [zk], "body": zval_body("<script>"), "headers": zh(zval_body("<script>")), "want": "bad_challenge", "status": 400},
    {"name": "url validation token too long", "secrets": [zk], "body": zval_body(LONG), "headers": zh(zval_body(LONG)), "want": "bad_challenge", "status": 400},
    {"name": "url validation token missing", "secrets": [zk], "body": zval_body(""), "headers": zh(zval_body("")), "want": "bad_challenge", "status": 400},
    {"name": "wrong secret", "secrets": ["other"], "body": zbody, "headers": zh(zbody), "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [zk], "body": zbody.replace("Standup", "Standuq"), "headers": zh(zbody), "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [zk], "body": zbody, "headers": {"x-zm-request-timestamp": TS}, "want": "missing_signature", "status": 400},
    {"name": "malformed signature", "secrets": [zk], "body": zbody, "headers": {"x-zm-request-timestamp": TS, "x-zm-signature": "v0=zz"}, "want": "malformed_signature"},
    {"name": "missing timestamp", "secrets": [zk], "body": zbody, "headers": {"x-zm-signature": zh(zbody)["x-zm-signature"]}, "want": "missing_timestamp"},
    {"name": "stale timestamp", "secrets": [zk], "body": zbody, "headers": zh(zbody, ts=str(NOW - 301)), "want": "stale_timestamp", "status": 401},
    {"name": "future timestamp", "secrets": [zk], "body": zbody, "headers": zh(zbody, ts=str(NOW + 301)), "want": "future_timestamp", "status": 401},
    {"name": "wrong method", "secrets": [zk], "method": "GET", "want": "method_not_allowed", "status": 405},
]})

# Microsoft Graph --------------------------------------------------------------
gs = "SecretClientState-7f3a"
vtok = "Validation: Testing client application reachability for subscription Request-Id: 7a7b9c1e-1b2c-4d5e-8f90-123456789abc"
gnote = compact({"value": [{"subscriptionId": "d29b9c35-2f9d-4b8e-9c1b-6f0f2f2b8f11", "subscriptionExpirationDateTime": "2026-01-03T00:00:00Z",
                            "changeType": "created", "resource": "Users/abc/Messages/AAMk", "clientState": gs, "tenantId": "tid",
                            "resourceData": {"@odata.type": "#Microsoft.Graph.Message", "@odata.id": "Users/abc/Messages/AAMk", "id": "AAMkAGUwNjQ4ZjIxAAA="}}]})
glife = compact({"value": [{"subscriptionId": "d29b9c35", "lifecycleEvent": "reauthorizationRequired", "resource": "users/x/messages", "clientState": gs}]})
two = json.loads(gnote); two["value"].append(dict(two["value"][0], clientState="forged"))
import urllib.parse as up
write("microsoft_graph", {"provider": "microsoft_graph", "source": "providers.md 5.11 (Microsoft Learn 'Receive change notifications through webhooks'); no published vector",
                          "cases": [
    {"name": "validation token on POST echoed (URL-decoded)", "secrets": [gs], "url": "/hooks/graph?validationToken=" + up.quote(vtok),
     "headers": {"Content-Type": "text/plain"}, "want": "handshake", "status": 200, "reply_body": vtok, "reply_headers": TEXT},
    {"name": "validation token on GET echoed", "secrets": [gs], "method": "GET", "url": "/hooks/graph?validationToken=abc123", "want": "handshake", "reply_body": "abc123"},
    {"name": "validation token with markup refused", "secrets": [gs], "url": "/hooks/graph?validationToken=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "want": "bad_challenge", "status": 400},
    {"name": "validation token too long refused", "secrets": [gs], "url": "/hooks/graph?validationToken=" + LONG, "want": "bad_challenge"},
    {"name": "empty validation token refused", "secrets": [gs], "url": "/hooks/graph?validationToken=", "want": "bad_challenge"},
    {"name": "GET without validation token refused", "secrets": [gs], "method": "GET", "want": "bad_challenge"},
    {"name": "notification with clientState", "secrets": [gs], "body": gnote, "headers": {"Content-Type": "application/json"}, "want": "ok",
     "event": {"type": "created", "subject": "d29b9c35-2f9d-4b8e-9c1b-6f0f2f2b8f11", "object_type": "Microsoft.Graph.Message", "object_id": "AAMkAGUwNjQ4ZjIxAAA=", "action": "created"}},
    {"name": "lifecycle notification", "secrets": ["old", gs], "body": glife, "want": "ok", "event": {"type": "reauthorizationRequired"}},
    {"name": "wrong clientState", "secrets": ["another-state"], "body": gnote, "want": "signature_mismatch", "status": 401},
    {"name": "one forged item in the batch", "secrets": [gs], "body": compact(two), "want": "signature_mismatch"},
    {"name": "missing clientState", "secrets": [gs], "body": gnote.replace('"clientState":"%s",' % gs, ""), "want": "missing_signature"},
    {"name": "not a notification", "secrets": [gs], "body": "{}", "want": "malformed_payload"},
    {"name": "wrong method", "secrets": [gs], "method": "PUT", "body": gnote, "want": "method_not_allowed"},
]})

# Microsoft Teams --------------------------------------------------------------
tsec_raw = hashlib.sha256(b"hookstile-teams").digest()
tsec = base64.b64encode(tsec_raw).decode()
tbody = compact({"type": "message", "id": "1485983408511", "timestamp": "2026-01-01T00:00:00.000Z", "serviceUrl": "https://smba.trafficmanager.net/amer/",
                 "channelId": "msteams", "from": {"id": "29:1abc", "name": "Ada"}, "conversation": {"isGroup": True, "id": "19:abc@thread.skype;messageid=1485983408511"},
                 "text": "<at>Bot</at> hello", "channelData": {"teamsChannelId": "19:abc@thread.skype", "tenant": {"id": "72f988bf"}}})
write("microsoft_teams", {"provider": "microsoft_teams",
                          "source": "ngrok id microsoft_teams (providers.md Appendix A); scheme confirmed from OfficeDev/msteams-samples-outgoing-webhook-nodejs app.js and OfficeDev/microsoft-teams-sample-outgoing-webhook AuthProvider.cs: Authorization: 'HMAC ' + base64 HMAC-SHA256(base64-decoded security token, body); no published vector",
                          "cases": [
    {"name": "valid message", "secrets": [tsec], "body": tbody, "headers": {"Authorization": "HMAC " + b64mac(tsec_raw, tbody)}, "want": "ok",
     "event": {"type": "message", "delivery_id": "1485983408511", "subject": "19:abc@thread.skype;messageid=1485983408511", "object_type": "message", "time": "2026-01-01T00:00:00Z"}},
    {"name": "rotated token", "secrets": [base64.b64encode(b"x" * 32).decode(), tsec], "body": tbody, "headers": {"Authorization": "HMAC " + b64mac(tsec_raw, tbody)}, "want": "ok"},
    {"name": "key used without base64 decoding does not verify", "secrets": [tsec], "body": tbody, "headers": {"Authorization": "HMAC " + b64mac(tsec, tbody)}, "want": "signature_mismatch", "status": 401},
    {"name": "wrong token", "secrets": [base64.b64encode(b"y" * 32).decode()], "body": tbody, "headers": {"Authorization": "HMAC " + b64mac(tsec_raw, tbody)}, "want": "signature_mismatch"},
    {"name": "tampered body", "secrets": [tsec], "body": tbody.replace("hello", "hellp"), "headers": {"Authorization": "HMAC " + b64mac(tsec_raw, tbody)}, "want": "signature_mismatch"},
    {"name": "missing header", "secrets": [tsec], "body": tbody, "want": "missing_signature", "status": 400},
    {"name": "bearer instead of HMAC", "secrets": [tsec], "body": tbody, "headers": {"Authorization": "Bearer abc"}, "want": "malformed_signature"},
    {"name": "not base64", "secrets": [tsec], "body": tbody, "headers": {"Authorization": "HMAC ***"}, "want": "malformed_signature"},
]})

# X / Twitter --------------------------------------------------------------------
xk = "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu"
xcrc = "9b4507b3-9040-4669-9ca3-6b94edb50553"
xbody = compact({"for_user_id": "2244994945", "tweet_create_events": [{"id_str": "1050118621198921728", "text": "hi", "user": {"id_str": "6253282"}}]})
write("twitter", {"provider": "twitter", "source": "providers.md 5.12 (developer.x.com 'Securing webhooks'); CRC vector self-computed in providers.md from the Twitter DevRel CRC sample inputs",
                  "cases": [
    {"name": "CRC (providers.md self-computed vector)", "secrets": [xk], "method": "GET", "url": "/hooks/x?crc_token=" + xcrc, "want": "handshake", "status": 200,
     "reply_body": compact({"response_token": "sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8="}), "reply_headers": JSONH},
    {"name": "CRC uses the first secret", "secrets": [xk, "older"], "method": "GET", "url": "/hooks/x?crc_token=" + xcrc, "want": "handshake",
     "reply_body": compact({"response_token": "sha256=" + b64mac(xk, xcrc)})},
    {"name": "CRC token with markup refused", "secrets": [xk], "method": "GET", "url": "/hooks/x?crc_token=%22%3E%3Cimg%3E", "want": "bad_challenge", "status": 400},
    {"name": "CRC token too long refused", "secrets": [xk], "method": "GET", "url": "/hooks/x?crc_token=" + LONG, "want": "bad_challenge"},
    {"name": "CRC token missing", "secrets": [xk], "method": "GET", "url": "/hooks/x", "want": "bad_challenge"},
    {"name": "valid delivery", "secrets": [xk], "body": xbody, "headers": {"x-twitter-webhooks-signature": "sha256=" + b64mac(xk, xbody)}, "want": "ok",
     "event": {"type": "tweet_create_events", "subject": "2244994945", "object_type": "tweet", "object_id": "1050118621198921728", "action": "created"}},
    {"name": "rotated secret", "secrets": ["new", xk], "body": xbody, "headers": {"x-twitter-webhooks-signature": "sha256=" + b64mac(xk, xbody)}, "want": "ok"},
    {"name": "wrong secret", "secrets": ["nope"], "body": xbody, "headers": {"x-twitter-webhooks-signature": "sha256=" + b64mac(xk, xbody)}, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [xk], "body": xbody.replace("hi", "ho"), "headers": {"x-twitter-webhooks-signature": "sha256=" + b64mac(xk, xbody)}, "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [xk], "body": xbody, "want": "missing_signature"},
    {"name": "hex instead of base64 prefix", "secrets": [xk], "body": xbody, "headers": {"x-twitter-webhooks-signature": hexmac(xk, xbody)}, "want": "malformed_signature"},
]})

# Meta -------------------------------------------------------------------------
mk = "meta_app_secret_0123456789abcdef"
vt = "my-verify-token"
mbody = compact({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
    "messaging_product": "whatsapp", "messages": [{"id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", "timestamp": "1767225600", "type": "text"}]}}]}]})
pbody = compact({"object": "page", "entry": [{"id": "PAGE_ID", "time": 1767225600000, "messaging": [{"sender": {"id": "PSID"}, "message": {"mid": "m_1", "text": "hi"}}]}]})
hub = "/hooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + vt
ops = {"verify_token": vt}
write("facebook_graph_api", {"provider": "facebook_graph_api", "also": ["facebook_messenger", "instagram", "whatsapp"],
                             "source": "providers.md 5.13 (Meta for Developers 'Webhooks: Getting started'); ngrok ids facebook_graph_api, facebook_messenger, instagram, whatsapp; no published vector",
                             "cases": [
    {"name": "verification request", "secrets": [mk], "options": ops, "method": "GET", "url": hub, "want": "handshake", "status": 200, "reply_body": "1158201444", "reply_headers": TEXT},
    {"name": "wrong verify token", "secrets": [mk], "options": ops, "method": "GET", "url": hub.replace(vt, "guess"), "want": "verify_token_mismatch", "status": 403},
    {"name": "missing verify token", "secrets": [mk], "options": ops, "method": "GET", "url": "/hooks/meta?hub.mode=subscribe&hub.challenge=1158201444", "want": "verify_token_mismatch", "status": 403},
    {"name": "wrong mode", "secrets": [mk], "options": ops, "method": "GET", "url": hub.replace("subscribe", "unsubscribe"), "want": "bad_challenge", "status": 400},
    {"name": "challenge with markup", "secrets": [mk], "options": ops, "method": "GET", "url": hub.replace("1158201444", "%3Csvg%20onload%3Dalert(1)%3E"), "want": "bad_challenge"},
    {"name": "challenge too long", "secrets": [mk], "options": ops, "method": "GET", "url": hub.replace("1158201444", LONG), "want": "bad_challenge"},
    {"name": "challenge missing", "secrets": [mk], "options": ops, "method": "GET", "url": "/hooks/meta?hub.mode=subscribe&hub.verify_token=" + vt, "want": "bad_challenge"},
    {"name": "WhatsApp delivery", "secrets": [mk], "options": ops, "body": mbody, "headers": {"X-Hub-Signature-256": "sha256=" + hexmac(mk, mbody)}, "want": "ok",
     "event": {"type": "whatsapp_business_account.messages", "subject": "102290129340398", "object_type": "messages"}},
    {"name": "Messenger delivery", "secrets": [mk], "options": ops, "body": pbody, "headers": {"X-Hub-Signature-256": "sha256=" + hexmac(mk, pbody)}, "want": "ok",
     "event": {"type": "page.messaging", "subject": "PAGE_ID", "time": "2026-01-01T00:00:00Z"}},
    {"name": "legacy sha1 refused by default", "secrets": [mk], "options": ops, "body": mbody, "headers": {"X-Hub-Signature": "sha1=" + hexmac(mk, mbody, h=hashlib.sha1)}, "want": "missing_signature"},
    {"name": "legacy sha1 with allow_sha1", "secrets": [mk], "options": dict(ops, allow_sha1="true"), "body": mbody, "headers": {"X-Hub-Signature": "sha1=" + hexmac(mk, mbody, h=hashlib.sha1)}, "want": "ok"},
    {"name": "wrong secret", "secrets": ["nope"], "options": ops, "body": mbody, "headers": {"X-Hub-Signature-256": "sha256=" + hexmac(mk, mbody)}, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [mk], "options": ops, "body": mbody.replace("text", "tex7"), "headers": {"X-Hub-Signature-256": "sha256=" + hexmac(mk, mbody)}, "want": "signature_mismatch"},
    {"name": "malformed signature", "secrets": [mk], "options": ops, "body": mbody, "headers": {"X-Hub-Signature-256": hexmac(mk, mbody)}, "want": "malformed_signature"},
]})

# Twitch -------------------------------------------------------------------------
twk = "s3cre7_twitch_secret"
tmid = "e76c6bd4-55c9-4987-8304-da1588d8988b"
tts = "2025-12-31T23:59:30.123456789Z"
tnote = compact({"subscription": {"id": "f1c2a387-161a-49f9-a165-0f21d7a4e1c4", "type": "channel.follow", "version": "2", "status": "enabled",
                                  "condition": {"broadcaster_user_id": "1337", "moderator_user_id": "1337"}, "transport": {"method": "webhook", "callback": "https://example.com/webhooks/callback"},
                                  "created_at": "2019-11-16T10:11:12.634234626Z"},
                 "event": {"user_id": "1234", "user_login": "cool_user", "broadcaster_user_id": "1337", "followed_at": "2025-12-31T23:59:29Z"}})
tver = compact({"challenge": "pogchamp-kappa-360noscope-vohiyo", "subscription": {"id": "f1c2a387", "status": "webhook_callback_verification_pending", "type": "channel.follow", "version": "2",
                                                                               "condition": {"broadcaster_user_id": "12826"}}})
trev = compact({"subscription": {"id": "f1c2a387-161a-49f9-a165-0f21d7a4e1c4", "status": "authorization_revoked", "type": "channel.follow", "version": "2", "condition": {"broadcaster_user_id": "1337"}}})


def twh(body, kind="notification", key=twk, ts=tts, mid=tmid):
    return {"Content-Type": "application/json", "Twitch-Eventsub-Message-Id": mid, "Twitch-Eventsub-Message-Timestamp": ts, "Twitch-Eventsub-Message-Type": kind,
            "Twitch-Eventsub-Message-Signature": "sha256=" + hexmac(key, mid, ts, body)}


def tver_body(ch):
    return compact({"challenge": ch, "subscription": {"id": "f1c2a387", "type": "channel.follow"}})


write("twitch", {"provider": "twitch", "source": "providers.md 5.26 (dev.twitch.tv 'Handling webhook events'); 10 min window: providers.md (unconfirmed), Twitch docs section 'Guarding against replay attacks'; no published vector",
                 "cases": [
    {"name": "notification", "secrets": [twk], "body": tnote, "headers": twh(tnote), "want": "ok",
     "event": {"delivery_id": tmid, "type": "channel.follow", "subject": "1337", "object_type": "channel", "time": "2025-12-31T23:59:30Z"}},
    {"name": "callback verification answered after the signature check", "secrets": [twk], "body": tver, "headers": twh(tver, "webhook_callback_verification"),
     "want": "handshake", "status": 200, "reply_body": "pogchamp-kappa-360noscope-vohiyo", "reply_headers": TEXT},
    {"name": "callback verification with a forged signature", "secrets": [twk], "body": tver, "headers": twh(tver, "webhook_callback_verification", key="forged_secret_x"), "want": "signature_mismatch", "status": 401},
    {"name": "challenge with markup", "secrets": [twk], "body": tver_body("<b>x</b>"), "headers": twh(tver_body("<b>x</b>"), "webhook_callback_verification"), "want": "bad_challenge"},
    {"name": "challenge too long", "secrets": [twk], "body": tver_body(LONG), "headers": twh(tver_body(LONG), "webhook_callback_verification"), "want": "bad_challenge"},
    {"name": "challenge missing", "secrets": [twk], "body": tver_body(""), "headers": twh(tver_body(""), "webhook_callback_verification"), "want": "bad_challenge"},
    {"name": "revocation forwarded", "secrets": [twk], "body": trev, "headers": twh(trev, "revocation"), "want": "ok",
     "event": {"type": "revocation", "object_type": "subscription", "object_id": "f1c2a387-161a-49f9-a165-0f21d7a4e1c4", "action": "deleted"}},
    {"name": "unknown message type", "secrets": [twk], "body": tnote, "headers": twh(tnote, "surprise"), "want": "malformed_payload"},
    {"name": "wrong secret", "secrets": ["another_secret_x"], "body": tnote, "headers": twh(tnote), "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [twk], "body": tnote.replace("cool_user", "evil_user"), "headers": twh(tnote), "want": "signature_mismatch"},
    {"name": "message id not signed as sent", "secrets": [twk], "body": tnote, "headers": dict(twh(tnote), **{"Twitch-Eventsub-Message-Id": "other"}), "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [twk], "body": tnote, "headers": {"Twitch-Eventsub-Message-Id": tmid, "Twitch-Eventsub-Message-Timestamp": tts}, "want": "missing_signature"},
    {"name": "malformed signature", "secrets": [twk], "body": tnote, "headers": dict(twh(tnote), **{"Twitch-Eventsub-Message-Signature": "sha256=xyz"}), "want": "malformed_signature"},
    {"name": "malformed timestamp", "secrets": [twk], "body": tnote, "headers": twh(tnote, ts="1767225600"), "want": "malformed_timestamp"},
    {"name": "stale", "secrets": [twk], "body": tnote, "headers": twh(tnote, ts="2025-12-31T23:49:59Z"), "want": "stale_timestamp", "status": 401},
    {"name": "future", "secrets": [twk], "body": tnote, "headers": twh(tnote, ts="2026-01-01T00:10:01Z"), "want": "future_timestamp", "status": 401},
]})

# Discord ----------------------------------------------------------------------------
# go run . hookstile-discord-test "$TS$PING" "$TS$CMD"; go run . other-app x (see the module docstring)
dpub = "35ff45752c436678e02456691aa58887df1f49feef465c1d198e8d08b7e8650e"
dother = "b43d3b6fb9703e6fa7c5abe9637fd53a0f0c63395ba2bec898b69a26a00d47a5"
dping = '{"application_id":"123456789012345678","id":"987654321098765432","token":"aW50ZXJhY3Rpb24","type":1,"version":1}'
dcmd = '{"application_id":"123456789012345678","channel_id":"555","data":{"id":"777","name":"hello","type":1},"guild_id":"444","id":"1122334455667788990","token":"dG9rZW4","type":2,"version":1}'
dping_sig = "d2294f345ba03eaee854df496a6c68f9344f021598e365724d1e92a0bf706c3ba20257f37e966f0cdb3ab25fe7f2a9efe85677e7d348ff9daa27d3d63a1fd106"
dcmd_sig = "b1a36c3655d6af689d66d037060f410e0b8cc4afc5c6ff41c1d20c1dac162a2cb6f70f54dab7458a9674e98168a448c78f06cb712d216cc39037bfc3219ee207"


def dh(sig, ts=TS):
    return {"Content-Type": "application/json", "X-Signature-Ed25519": sig, "X-Signature-Timestamp": ts}


write("discord", {"provider": "discord", "source": "providers.md 5.25 (Discord developer docs 'Receiving and responding to interactions'); no published vector: Ed25519 key derived from a fixed seed, signatures computed with Go crypto/ed25519 (see gen_a_vectors.py)",
                  "cases": [
    {"name": "PING answered with PONG after the check", "secrets": [dpub], "body": dping, "headers": dh(dping_sig), "want": "handshake", "status": 200, "reply_body": '{"type":1}', "reply_headers": JSONH},
    {"name": "PING with a bad signature gets 401", "secrets": [dpub], "body": dping, "headers": dh(dcmd_sig), "want": "signature_mismatch", "status": 401},
    {"name": "application command", "secrets": [dpub], "body": dcmd, "headers": dh(dcmd_sig), "want": "ok",
     "event": {"type": "application_command", "delivery_id": "1122334455667788990", "subject": "444", "object_type": "interaction", "object_id": "1122334455667788990", "action": "created"}},
    {"name": "rotated key", "secrets": [dother, dpub], "body": dcmd, "headers": dh(dcmd_sig), "want": "ok"},
    {"name": "other application's key", "secrets": [dother], "body": dcmd, "headers": dh(dcmd_sig), "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [dpub], "body": dcmd.replace("hello", "hellp"), "headers": dh(dcmd_sig), "want": "signature_mismatch", "status": 401},
    {"name": "timestamp not as signed", "secrets": [dpub], "body": dcmd, "headers": dh(dcmd_sig, ts=str(NOW + 1)), "want": "signature_mismatch", "status": 401},
    {"name": "missing signature is 401", "secrets": [dpub], "body": dcmd, "headers": {"X-Signature-Timestamp": TS}, "want": "missing_signature", "status": 401},
    {"name": "malformed signature is 401", "secrets": [dpub], "body": dcmd, "headers": dh("abcd"), "want": "malformed_signature", "status": 401},
    {"name": "missing timestamp is 401", "secrets": [dpub], "body": dcmd, "headers": {"X-Signature-Ed25519": dcmd_sig}, "want": "missing_timestamp", "status": 401},
    {"name": "stale (signed timestamp replayed later)", "secrets": [dpub], "now": str(NOW + 301), "body": dcmd, "headers": dh(dcmd_sig), "want": "stale_timestamp", "status": 401},
    {"name": "future", "secrets": [dpub], "now": str(NOW - 301), "body": dcmd, "headers": dh(dcmd_sig), "want": "future_timestamp", "status": 401},
]})

# Okta -------------------------------------------------------------------------------
ok_ = "okta-hook-secret-value"
obody = compact({"eventType": "com.okta.event_hook", "eventTypeVersion": "1.0", "cloudEventsVersion": "0.1", "source": "https://dev.okta.com/api/v1/eventHooks/whoql0HfiLGPWc8Hh0g4",
                 "eventId": "b5a188b9-5ece-4636-b041-482ffda96311", "eventTime": "2025-12-31T23:59:59.000Z", "contentType": "application/json",
                 "data": {"events": [{"uuid": "7de7d8a1-1e5b-11ec-8c9a-8d6b1b0c0b8c", "published": "2025-12-31T23:59:58.000Z", "eventType": "user.lifecycle.create",
                                      "actor": {"id": "00u1qw1mqitPHM8AJ0g7", "type": "User"}, "target": [{"id": "00u1xyz", "type": "User"}]}]}})
write("okta", {"provider": "okta", "source": "providers.md 5.37 (Okta 'Event hooks' and the Okta support article on one-time verification); no published vector",
               "cases": [
    {"name": "one-time verification", "secrets": [ok_], "method": "GET", "headers": {"X-Okta-Verification-Challenge": "4Jd3d8pO0vFsQ0MfHPGadLAy0w1tx3FJ7a5Ys2oI"}, "want": "handshake", "status": 200,
     "reply_body": '{"verification":"4Jd3d8pO0vFsQ0MfHPGadLAy0w1tx3FJ7a5Ys2oI"}', "reply_headers": JSONH},
    {"name": "verification value with markup", "secrets": [ok_], "method": "GET", "headers": {"X-Okta-Verification-Challenge": "\"><script>"}, "want": "bad_challenge", "status": 400},
    {"name": "verification value too long", "secrets": [ok_], "method": "GET", "headers": {"X-Okta-Verification-Challenge": LONG}, "want": "bad_challenge"},
    {"name": "verification value missing", "secrets": [ok_], "method": "GET", "want": "bad_challenge"},
    {"name": "event delivery", "secrets": [ok_], "body": obody, "headers": {"Authorization": ok_}, "want": "ok",
     "event": {"delivery_id": "b5a188b9-5ece-4636-b041-482ffda96311", "type": "user.lifecycle.create", "object_type": "user.lifecycle", "object_id": "00u1xyz", "action": "created", "subject": "00u1qw1mqitPHM8AJ0g7", "time": "2025-12-31T23:59:58Z"}},
    {"name": "custom header name", "secrets": [ok_], "options": {"header": "x-hook-auth"}, "body": obody, "headers": {"X-Hook-Auth": ok_}, "want": "ok"},
    {"name": "wrong value", "secrets": [ok_], "body": obody, "headers": {"Authorization": "guess"}, "want": "signature_mismatch", "status": 401},
    {"name": "missing header", "secrets": [ok_], "body": obody, "want": "missing_signature", "status": 400},
]})

# Asana (stateful learning is tested in asana_test.go) -----------------------------------
ak = "4a1f5e3b0c0d4b0f9e8d7c6b5a493827"
abody = compact({"events": [{"user": {"gid": "1111", "resource_type": "user"}, "created_at": "2025-12-31T23:59:00.000Z", "action": "changed",
                             "resource": {"gid": "1200000000000001", "resource_type": "task"}, "parent": {"gid": "1200000000000000", "resource_type": "project"},
                             "change": {"field": "name", "action": "changed"}}]})
hb = '{"events":[]}'
write("asana", {"provider": "asana", "source": "providers.md 5.40 (developers.asana.com 'Webhooks guide': handshake and X-Hook-Signature); no published vector",
                "cases": [
    {"name": "handshake learned with learn_secret", "options": {"learn_secret": "true"}, "headers": {"X-Hook-Secret": ak}, "want": "handshake", "status": 200,
     "reply_headers": {"X-Hook-Secret": ak, "X-Content-Type-Options": "nosniff"}},
    {"name": "handshake refused without learn_secret", "secrets": [ak], "headers": {"X-Hook-Secret": ak}, "want": "bad_challenge", "status": 400},
    {"name": "handshake with handshake_token", "options": {"learn_secret": "true", "handshake_token": "T0k3n"}, "url": "/hooks/asana?handshake_token=T0k3n", "headers": {"X-Hook-Secret": ak}, "want": "handshake"},
    {"name": "handshake without the handshake_token", "options": {"learn_secret": "true", "handshake_token": "T0k3n"}, "headers": {"X-Hook-Secret": ak}, "want": "verify_token_mismatch", "status": 403},
    {"name": "handshake secret with markup", "options": {"learn_secret": "true"}, "headers": {"X-Hook-Secret": "<x>"}, "want": "bad_challenge"},
    {"name": "handshake secret too long", "options": {"learn_secret": "true"}, "headers": {"X-Hook-Secret": LONG}, "want": "bad_challenge"},
    {"name": "handshake secret empty", "options": {"learn_secret": "true"}, "headers": {"X-Hook-Secret": ""}, "want": "bad_challenge"},
    {"name": "event with the configured secret", "secrets": [ak], "body": abody, "headers": {"X-Hook-Signature": hexmac(ak, abody)}, "want": "ok",
     "event": {"type": "task.changed", "object_type": "task", "object_id": "1200000000000001", "action": "updated", "subject": "1200000000000000", "time": "2025-12-31T23:59:00Z"}},
    {"name": "heartbeat", "secrets": [ak], "body": hb, "headers": {"X-Hook-Signature": hexmac(ak, hb)}, "want": "ok", "event": {"type": "heartbeat"}},
    {"name": "nothing learned yet", "options": {"learn_secret": "true"}, "body": abody, "headers": {"X-Hook-Signature": hexmac(ak, abody)}, "want": "signature_mismatch", "status": 401},
    {"name": "wrong secret", "secrets": ["other"], "body": abody, "headers": {"X-Hook-Signature": hexmac(ak, abody)}, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [ak], "body": abody.replace("changed", "removed", 1), "headers": {"X-Hook-Signature": hexmac(ak, abody)}, "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [ak], "body": abody, "want": "missing_signature"},
    {"name": "malformed signature", "secrets": [ak], "body": abody, "headers": {"X-Hook-Signature": "nothex"}, "want": "malformed_signature"},
]})

# monday.com ---------------------------------------------------------------------------
mons = "monday_signing_secret_abc123"


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt(claims, key=mons, alg="HS256"):
    h = b64u(compact({"alg": alg, "typ": "JWT"}).encode())
    p = b64u(compact(claims).encode())
    return h + "." + p + "." + b64u(mac(key, h + "." + p))


claims = {"accountId": 1825529, "userId": 4012689, "aud": "https://hooks.example.com/monday", "exp": NOW + 300, "iat": NOW - 10, "shortLivedToken": "SLT"}
mbody2 = compact({"event": {"userId": 9603417, "originalTriggerUuid": None, "boardId": 1771812698, "pulseId": 1772099344, "columnId": "status", "type": "update_column_value",
                            "triggerTime": "2025-12-31T23:59:50.000Z", "subscriptionId": 73759690, "triggerUuid": "b5ed2e17c530f43668de130142445cba"}})
chal = compact({"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"})
write("monday", {"provider": "monday", "source": "providers.md 5.41; developer.monday.com 'Authorization header' (JWT signed with the Signing Secret, check aud and exp) and 'Webhooks' (URL verification challenge); no published vector",
                 "cases": [
    {"name": "challenge echoed", "secrets": [mons], "body": chal, "want": "handshake", "status": 200, "reply_body": chal, "reply_headers": JSONH},
    {"name": "challenge with a valid JWT", "secrets": [mons], "body": chal, "headers": {"Authorization": jwt(claims)}, "want": "handshake", "reply_body": chal},
    {"name": "challenge with a forged JWT refused", "secrets": [mons], "body": chal, "headers": {"Authorization": jwt(claims, key="forged")}, "want": "signature_mismatch", "status": 401},
    {"name": "challenge with markup", "secrets": [mons], "body": '{"challenge":"<img src=x>"}', "want": "bad_challenge", "status": 400},
    {"name": "challenge too long", "secrets": [mons], "body": compact({"challenge": LONG}), "want": "bad_challenge"},
    {"name": "empty challenge", "secrets": [mons], "body": '{"challenge":""}', "want": "bad_challenge"},
    {"name": "event with JWT", "secrets": [mons], "options": {"audience": "https://hooks.example.com/monday"}, "body": mbody2, "headers": {"Authorization": jwt(claims)}, "want": "ok",
     "event": {"delivery_id": "b5ed2e17c530f43668de130142445cba", "type": "update_column_value", "subject": "1771812698", "object_type": "item", "object_id": "1772099344", "action": "updated", "time": "2025-12-31T23:59:50Z"}},
    {"name": "event with Bearer JWT", "secrets": [mons], "body": mbody2, "headers": {"Authorization": "Bearer " + jwt(claims)}, "want": "ok"},
    {"name": "event without JWT", "secrets": [mons], "body": mbody2, "want": "missing_signature", "status": 400},
    {"name": "wrong secret", "secrets": ["other"], "body": mbody2, "headers": {"Authorization": jwt(claims)}, "want": "signature_mismatch", "status": 401},
    {"name": "alg none refused", "secrets": [mons], "body": mbody2, "headers": {"Authorization": jwt(claims, alg="none")}, "want": "malformed_signature"},
    {"name": "not a JWT", "secrets": [mons], "body": mbody2, "headers": {"Authorization": "abc"}, "want": "malformed_signature"},
    {"name": "expired JWT", "secrets": [mons], "body": mbody2, "headers": {"Authorization": jwt(dict(claims, exp=NOW - 61))}, "want": "stale_timestamp", "status": 401},
    {"name": "JWT issued in the future", "secrets": [mons], "body": mbody2, "headers": {"Authorization": jwt(dict(claims, iat=NOW + 61, exp=NOW + 600))}, "want": "future_timestamp"},
    {"name": "JWT without exp", "secrets": [mons], "body": mbody2, "headers": {"Authorization": jwt({"accountId": 1})}, "want": "missing_timestamp"},
    {"name": "wrong audience", "secrets": [mons], "options": {"audience": "https://hooks.example.com/other"}, "body": mbody2, "headers": {"Authorization": jwt(claims)}, "want": "signature_mismatch"},
]})

# Xero ---------------------------------------------------------------------------------
xek = "xero_webhook_key_Zm9vYmFy"
itr = compact({"events": [], "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "ZGVKSSPWHSXCEKDNZGKE"})
xev = compact({"events": [{"resourceUrl": "https://api.xero.com/api.xro/2.0/Contacts/717f2bfc-c6d4-41fd-b238-3f2f0c0cf777", "resourceId": "717f2bfc-c6d4-41fd-b238-3f2f0c0cf777",
                           "eventDateUtc": "2025-12-31T23:59:00.000", "eventType": "CREATE", "eventCategory": "CONTACT", "tenantId": "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f", "tenantType": "ORGANISATION"}],
               "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "S0m3r4Nd0mt3xt"})
write("xero", {"provider": "xero", "source": "providers.md 5.48 (developer.xero.com 'Webhooks: intent to receive'); no published vector",
               "cases": [
    {"name": "intent to receive, correctly signed", "secrets": [xek], "body": itr, "headers": {"x-xero-signature": b64mac(xek, itr)}, "want": "handshake", "status": 200, "reply_body": ""},
    {"name": "intent to receive, incorrectly signed, is 401", "secrets": [xek], "body": itr, "headers": {"x-xero-signature": b64mac("wrong", itr)}, "want": "signature_mismatch", "status": 401},
    {"name": "intent to receive, unsigned, is 401", "secrets": [xek], "body": itr, "want": "missing_signature", "status": 401},
    {"name": "intent to receive, garbage signature, is 401", "secrets": [xek], "body": itr, "headers": {"x-xero-signature": "***"}, "want": "malformed_signature", "status": 401},
    {"name": "event", "secrets": [xek], "body": xev, "headers": {"x-xero-signature": b64mac(xek, xev)}, "want": "ok",
     "event": {"type": "CONTACT.CREATE", "object_type": "contact", "object_id": "717f2bfc-c6d4-41fd-b238-3f2f0c0cf777", "subject": "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f", "action": "created", "time": "2025-12-31T23:59:00Z"}},
    {"name": "tampered event", "secrets": [xek], "body": xev.replace("CREATE", "DELETE"), "headers": {"x-xero-signature": b64mac(xek, xev)}, "want": "signature_mismatch", "status": 401},
]})

# Worldline -------------------------------------------------------------------------------
# Official vector: Worldline-Global-Collect/connect-sdk-go webhooks/V1WebhooksHelper_test.go
wl_body = """{
  "apiVersion": "v1",
  "id": "8ee793f6-4553-4749-85dc-f2ef095c5ab0",
  "created": "2017-02-02T11:24:14.040+0100",
  "merchantId": "20000",
  "type": "payment.paid",
  "payment": {
    "id": "00000200000143570012",
    "paymentOutput": {
      "amountOfMoney": {
        "amount": 1000,
        "currencyCode": "EUR"
      },
      "references": {
        "paymentReference": "200001681810"
      },
      "paymentMethod": "bankTransfer",
      "bankTransferPaymentMethodSpecificOutput": {
        "paymentProductId": 11
      }
    },
    "status": "PAID",
    "statusOutput": {
      "isCancellable": false,
      "statusCategory": "COMPLETED",
      "statusCode": 1000,
      "statusCodeChangeDateTime": "20170202112414",
      "isAuthorized": true
    }
  }
}"""
wl_sig = "2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk="
assert b64mac("hello+world", wl_body) == wl_sig
wl_bad = wl_body.replace("11:24:14", "11:25:14").replace("20170202112414", "20170202112514")
wh = {"X-GCS-Signature": wl_sig, "X-GCS-KeyId": "dummy-key-id", "Content-Type": "application/json"}
write("worldline", {"provider": "worldline",
                    "source": "ngrok id worldline (providers.md Appendix A); scheme from the official SDK Worldline-Global-Collect/connect-sdk-go webhooks/validation/SignatureValidator.go (base64 HMAC-SHA256 of the body, X-GCS-Signature and X-GCS-KeyId both required) and docs.connect.worldline-solutions.com 'Webhooks event structure' (event id is the dedup key); endpoint verification (GET X-GCS-Webhooks-Endpoint-Verification echoed) from Worldline/Ingenico plugins' code (secondary)",
                    "cases": [
    {"name": "official SDK vector", "source": "Worldline-Global-Collect/connect-sdk-go webhooks/V1WebhooksHelper_test.go TestUnmarshalSuccess", "secrets": ["hello+world"], "body": wl_body, "headers": wh, "want": "ok",
     "event": {"delivery_id": "8ee793f6-4553-4749-85dc-f2ef095c5ab0", "type": "payment.paid", "object_type": "payment", "object_id": "00000200000143570012", "subject": "20000", "time": "2017-02-02T10:24:14Z"}},
    {"name": "official SDK invalid body", "source": "connect-sdk-go TestUnmarshalInvalidBody", "secrets": ["hello+world"], "body": wl_bad, "headers": wh, "want": "signature_mismatch", "status": 401},
    {"name": "official SDK invalid secret key", "source": "connect-sdk-go TestUnmarshalInvalidSecretKey", "secrets": ["1hello+world"], "body": wl_body, "headers": wh, "want": "signature_mismatch"},
    {"name": "official SDK invalid signature", "source": "connect-sdk-go TestUnmarshalInvalidSignature", "secrets": ["hello+world"], "body": wl_body, "headers": dict(wh, **{"X-GCS-Signature": "1" + wl_sig}), "want": "signature_mismatch"},
    {"name": "key id allowed", "secrets": ["hello+world"], "options": {"key_id": "other, dummy-key-id"}, "body": wl_body, "headers": wh, "want": "ok"},
    {"name": "key id not allowed", "secrets": ["hello+world"], "options": {"key_id": "other"}, "body": wl_body, "headers": wh, "want": "signature_mismatch"},
    {"name": "missing key id", "secrets": ["hello+world"], "body": wl_body, "headers": {"X-GCS-Signature": wl_sig}, "want": "malformed_signature"},
    {"name": "missing signature", "secrets": ["hello+world"], "body": wl_body, "headers": {"X-GCS-KeyId": "dummy-key-id"}, "want": "missing_signature"},
    {"name": "endpoint verification", "secrets": ["hello+world"], "method": "GET", "headers": {"X-GCS-Webhooks-Endpoint-Verification": "a1b2c3d4-e5f6-7890"}, "want": "handshake", "status": 200,
     "reply_body": "a1b2c3d4-e5f6-7890", "reply_headers": TEXT},
    {"name": "endpoint verification with markup", "secrets": ["hello+world"], "method": "GET", "headers": {"X-GCS-Webhooks-Endpoint-Verification": "<script>"}, "want": "bad_challenge", "status": 400},
    {"name": "endpoint verification too long", "secrets": ["hello+world"], "method": "GET", "headers": {"X-GCS-Webhooks-Endpoint-Verification": LONG}, "want": "bad_challenge"},
    {"name": "endpoint verification missing", "secrets": ["hello+world"], "method": "GET", "want": "bad_challenge"},
]})

# Azure Event Grid --------------------------------------------------------------------------
eg = "eg-shared-secret-123"
egval = compact([{"id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "topic": "/subscriptions/xxx/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa",
                  "subject": "", "data": {"validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/x/validate?id=512d38b6&t=2026-01-01T00:00:00Z&apiVersion=2018-05-01-preview&token=abc"},
                  "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2026-01-01T00:00:00Z", "metadataVersion": "1", "dataVersion": "1"}])


def egval_code(code):
    v = json.loads(egval); v[0]["data"]["validationCode"] = code; return compact(v)


egev = compact([{"topic": "/subscriptions/xxx/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa", "subject": "/blobServices/default/containers/c/blobs/a.txt",
                 "eventType": "Microsoft.Storage.BlobCreated", "eventTime": "2025-12-31T23:59:00Z", "id": "831e1650-001e-001b-66ab-eeb76e069631", "data": {"api": "PutBlockList"}, "dataVersion": "", "metadataVersion": "1"}])
cev = compact({"specversion": "1.0", "type": "Microsoft.Storage.BlobDeleted", "source": "/subscriptions/xxx/sa", "id": "9aeb0fdf-c01e-0131-0922-9eb54906e209", "time": "2025-12-31T23:58:00Z",
               "subject": "blobServices/default/containers/c/blobs/b.txt", "data": {"api": "DeleteBlob"}})
opt = {"WebHook-Request-Origin": "eventgrid.azure.net", "WebHook-Request-Rate": "120"}
egu = "/hooks/eg?token=" + eg
write("azure_event_grid", {"provider": "azure_event_grid",
                           "source": "providers.md 5.62 and §4; validationResponse confirmed by Microsoft Learn '@azure/eventgrid-system-events SubscriptionValidationResponse' (validationResponse: string) and 'SubscriptionValidationEventData' (validationCode, validationUrl)",
                           "cases": [
    {"name": "subscription validation answered", "secrets": [eg], "url": egu, "headers": {"aeg-event-type": "SubscriptionValidation", "Content-Type": "application/json"}, "body": egval,
     "want": "handshake", "status": 200, "reply_body": '{"validationResponse":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}', "reply_headers": JSONH},
    {"name": "subscription validation without the secret", "secrets": [eg], "body": egval, "want": "missing_signature"},
    {"name": "subscription validation with a wrong secret", "secrets": [eg], "url": "/hooks/eg?token=guess", "body": egval, "want": "signature_mismatch", "status": 401},
    {"name": "validation code with markup", "secrets": [eg], "url": egu, "body": egval_code("<x>"), "want": "bad_challenge", "status": 400},
    {"name": "validation code too long", "secrets": [eg], "url": egu, "body": egval_code(LONG), "want": "bad_challenge"},
    {"name": "validation code missing", "secrets": [eg], "url": egu, "body": egval_code(""), "want": "bad_challenge"},
    {"name": "CloudEvents OPTIONS handshake", "secrets": [eg], "method": "OPTIONS", "url": egu, "headers": opt, "want": "handshake", "status": 200,
     "reply_headers": {"WebHook-Allowed-Origin": "eventgrid.azure.net", "WebHook-Allowed-Rate": "120", "Allow": "POST, OPTIONS"}},
    {"name": "OPTIONS from another origin refused", "secrets": [eg], "method": "OPTIONS", "url": egu, "headers": {"WebHook-Request-Origin": "evil.example.com"}, "want": "bad_challenge"},
    {"name": "OPTIONS with markup origin refused", "secrets": [eg], "method": "OPTIONS", "url": egu, "headers": {"WebHook-Request-Origin": "<script>"}, "want": "bad_challenge"},
    {"name": "OPTIONS with an over-long origin refused", "secrets": [eg], "method": "OPTIONS", "url": egu, "options": {"allowed_origins": "*"}, "headers": {"WebHook-Request-Origin": "a" * 300}, "want": "bad_challenge"},
    {"name": "OPTIONS without origin refused", "secrets": [eg], "method": "OPTIONS", "url": egu, "want": "bad_challenge"},
    {"name": "OPTIONS without the secret", "secrets": [eg], "method": "OPTIONS", "headers": opt, "want": "missing_signature"},
    {"name": "Event Grid event", "secrets": [eg], "url": egu, "body": egev, "headers": {"aeg-event-type": "Notification"}, "want": "ok",
     "event": {"delivery_id": "831e1650-001e-001b-66ab-eeb76e069631", "type": "Microsoft.Storage.BlobCreated", "subject": "/blobServices/default/containers/c/blobs/a.txt", "object_type": "Microsoft.Storage", "action": "created", "time": "2025-12-31T23:59:00Z"}},
    {"name": "CloudEvents structured event with bearer auth", "secrets": [eg], "options": {"auth": "bearer"}, "body": cev, "headers": {"Authorization": "Bearer " + eg, "Content-Type": "application/cloudevents+json"}, "want": "ok",
     "event": {"delivery_id": "9aeb0fdf-c01e-0131-0922-9eb54906e209", "type": "Microsoft.Storage.BlobDeleted", "action": "deleted"}},
    {"name": "bearer mode ignores the query", "secrets": [eg], "options": {"auth": "bearer"}, "url": egu, "body": cev, "want": "missing_signature"},
    {"name": "custom query parameter", "secrets": [eg], "options": {"query_param": "code"}, "url": "/hooks/eg?code=" + eg, "body": egev, "want": "ok"},
    {"name": "not JSON", "secrets": [eg], "url": egu, "body": "[{", "want": "malformed_payload"},
    {"name": "wrong method", "secrets": [eg], "url": egu, "method": "GET", "want": "method_not_allowed"},
]})

# CloudEvents -----------------------------------------------------------------------------
ce = "ce-access-token-xyz"
batch = compact([json.loads(cev), dict(json.loads(cev), id="second")])
write("cloudevents", {"provider": "cloudevents", "source": "providers.md §4 (cloudevents/spec cloudevents/http-webhook.md v1.0.2: sections 3 and 4)",
                      "cases": [
    {"name": "OPTIONS abuse-protection handshake", "secrets": [ce], "method": "OPTIONS", "headers": {"WebHook-Request-Origin": "eventemitter.example.com", "WebHook-Request-Rate": "120"},
     "want": "handshake", "status": 200, "reply_headers": {"WebHook-Allowed-Origin": "eventemitter.example.com", "WebHook-Allowed-Rate": "120", "Allow": "POST, OPTIONS", "X-Content-Type-Options": "nosniff"}},
    {"name": "OPTIONS without a requested rate grants *", "secrets": [ce], "method": "OPTIONS", "headers": {"WebHook-Request-Origin": "eventemitter.example.com"}, "want": "handshake",
     "reply_headers": {"WebHook-Allowed-Rate": "*"}},
    {"name": "OPTIONS rate capped by allowed_rate", "secrets": [ce], "options": {"allowed_rate": "60"}, "method": "OPTIONS", "headers": {"WebHook-Request-Origin": "eventemitter.example.com", "WebHook-Request-Rate": "120"},
     "want": "handshake", "reply_headers": {"WebHook-Allowed-Rate": "60"}},
    {"name": "OPTIONS origin not in allowed_origins", "secrets": [ce], "options": {"allowed_origins": "a.example.com,b.example.com"}, "method": "OPTIONS", "headers": {"WebHook-Request-Origin": "c.example.com"}, "want": "bad_challenge", "status": 400},
    {"name": "OPTIONS origin with markup", "secrets": [ce], "method": "OPTIONS", "headers": {"WebHook-Request-Origin": "a.example.com<script>"}, "want": "bad_challenge"},
    {"name": "OPTIONS origin too long", "secrets": [ce], "method": "OPTIONS", "headers": {"WebHook-Request-Origin": "a" * 254}, "want": "bad_challenge"},
    {"name": "OPTIONS origin missing", "secrets": [ce], "method": "OPTIONS", "want": "bad_challenge"},
    {"name": "OPTIONS with a bad rate", "secrets": [ce], "method": "OPTIONS", "headers": {"WebHook-Request-Origin": "a.example.com", "WebHook-Request-Rate": "-1"}, "want": "bad_challenge"},
    {"name": "structured event with bearer token", "secrets": [ce], "body": cev, "headers": {"Content-Type": "application/cloudevents+json", "Authorization": "Bearer " + ce}, "want": "ok",
     "event": {"delivery_id": "9aeb0fdf-c01e-0131-0922-9eb54906e209", "type": "Microsoft.Storage.BlobDeleted", "subject": "blobServices/default/containers/c/blobs/b.txt", "time": "2025-12-31T23:58:00Z"}},
    {"name": "access_token query parameter", "secrets": [ce], "url": "/hooks/ce?access_token=" + ce, "body": cev, "want": "ok"},
    {"name": "binary mode", "secrets": [ce], "body": '{"api":"PutBlob"}', "headers": {"Authorization": "Bearer " + ce, "ce-specversion": "1.0", "ce-id": "bin-1", "ce-type": "com.example.object.created", "ce-source": "/x", "ce-time": "2025-12-31T23:00:00Z"},
     "want": "ok", "event": {"delivery_id": "bin-1", "type": "com.example.object.created", "object_type": "com.example.object", "action": "created", "time": "2025-12-31T23:00:00Z"}},
    {"name": "batch has no single dedup id", "secrets": [ce], "body": batch, "headers": {"Content-Type": "application/cloudevents-batch+json", "Authorization": "Bearer " + ce}, "want": "ok", "event": {"type": "Microsoft.Storage.BlobDeleted"}},
    {"name": "wrong token", "secrets": [ce], "body": cev, "headers": {"Authorization": "Bearer guess"}, "want": "signature_mismatch", "status": 401},
    {"name": "missing token", "secrets": [ce], "body": cev, "want": "missing_signature", "status": 400},
]})

# Trello -----------------------------------------------------------------------------------
trk = "secret"
trcb = "https://example.com/webhooks"
trb = '{"hello":"world"}'
assert b64mac(trk, trb, trcb, h=hashlib.sha1) == "FwPAcuGe9EP/+SbXFWjnEVTa0zw="
trev = compact({"model": {"id": "5a6b7c8d9e0f1a2b3c4d5e6f", "name": "Board"}, "action": {"id": "5f0a1b2c3d4e5f6a7b8c9d0e", "idMemberCreator": "m1", "type": "updateCard", "date": "2025-12-31T23:59:00.000Z",
                                                                                          "data": {"card": {"id": "c1", "name": "Card"}, "board": {"id": "5a6b7c8d9e0f1a2b3c4d5e6f"}}}})
tro = {"callback_url": trcb}
write("trello", {"provider": "trello", "source": "providers.md 5.29 (developer.atlassian.com 'Trello REST API: Webhooks')",
                 "cases": [
    {"name": "providers.md self-computed vector", "source": "providers.md 5.29 (inputs of the verify-trello-webhook README; its published output is wrong)", "secrets": [trk], "options": tro, "body": trb,
     "headers": {"X-Trello-Webhook": "FwPAcuGe9EP/+SbXFWjnEVTa0zw="}, "want": "ok"},
    {"name": "the README's wrong value is refused", "secrets": [trk], "options": tro, "body": trb, "headers": {"X-Trello-Webhook": "LeCJzA5aHiwh4zcxLhY25TJSNg="}, "want": "signature_mismatch", "status": 401},
    {"name": "HEAD on creation answered 200", "secrets": [trk], "options": tro, "method": "HEAD", "want": "handshake", "status": 200},
    {"name": "action", "secrets": [trk], "options": tro, "body": trev, "headers": {"X-Trello-Webhook": b64mac(trk, trev, trcb, h=hashlib.sha1)}, "want": "ok",
     "event": {"type": "updateCard", "delivery_id": "5f0a1b2c3d4e5f6a7b8c9d0e", "subject": "5a6b7c8d9e0f1a2b3c4d5e6f", "object_type": "card", "object_id": "c1", "action": "updated", "time": "2025-12-31T23:59:00Z"}},
    {"name": "signed for another callback URL", "secrets": [trk], "options": tro, "body": trev, "headers": {"X-Trello-Webhook": b64mac(trk, trev, "https://evil.example.com/", h=hashlib.sha1)}, "want": "signature_mismatch"},
    {"name": "wrong secret", "secrets": ["other"], "options": tro, "body": trb, "headers": {"X-Trello-Webhook": "FwPAcuGe9EP/+SbXFWjnEVTa0zw="}, "want": "signature_mismatch"},
    {"name": "tampered body", "secrets": [trk], "options": tro, "body": '{"hello":"w0rld"}', "headers": {"X-Trello-Webhook": "FwPAcuGe9EP/+SbXFWjnEVTa0zw="}, "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [trk], "options": tro, "body": trb, "want": "missing_signature"},
    {"name": "malformed signature", "secrets": [trk], "options": tro, "body": trb, "headers": {"X-Trello-Webhook": "%%%"}, "want": "malformed_signature"},
]})

# Notion -----------------------------------------------------------------------------------
nt = "secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl"
nver = compact({"verification_token": nt})
nev = compact({"id": "367cba44-b6f3-4c92-81e7-6a2e9659efd4", "timestamp": "2025-12-31T23:59:00.000Z", "workspace_id": "13950b26-c203-4f3b-b97d-93ec06319565", "workspace_name": "Quantify Labs",
               "subscription_id": "29d75c0d-5546-4414-8459-7b7a92f1fc4b", "integration_id": "0ef2e755-4912-8096-91c1-00376a88a5ca", "type": "page.created", "authors": [{"id": "c7c11cca", "type": "person"}],
               "accessible_by": [], "attempt_number": 1, "entity": {"id": "153104cd-477e-809d-8dc4-ff2d96ae3090", "type": "page"}, "data": {"parent": {"id": "13950b26", "type": "space"}}})
write("notion", {"provider": "notion", "source": "providers.md 5.30 (developers.notion.com 'Webhooks'); X-Notion-Signature sha256=hex HMAC-SHA256(verification_token, body) also in hookdeck/webhook-skills notion-webhooks and notionrs_webhooks verify_signature.rs (secondary); no published vector",
                 "cases": [
    {"name": "event", "secrets": [nt], "body": nev, "headers": {"X-Notion-Signature": "sha256=" + hexmac(nt, nev)}, "want": "ok",
     "event": {"delivery_id": "367cba44-b6f3-4c92-81e7-6a2e9659efd4", "type": "page.created", "object_type": "page", "object_id": "153104cd-477e-809d-8dc4-ff2d96ae3090", "action": "created", "subject": "13950b26-c203-4f3b-b97d-93ec06319565", "time": "2025-12-31T23:59:00Z"}},
    {"name": "verification resent with the configured token answered at the edge", "secrets": [nt], "body": nver, "want": "handshake", "status": 200},
    {"name": "unknown verification token refused by default", "secrets": ["secret_other"], "body": nver, "want": "verify_token_mismatch", "status": 403},
    {"name": "verification token forwarded in bootstrap mode", "options": {"verification": "forward"}, "body": nver, "want": "ok", "event": {"type": "verification_token"}},
    {"name": "bootstrap mode forwards nothing else", "options": {"verification": "forward"}, "body": nev, "headers": {"X-Notion-Signature": "sha256=" + hexmac(nt, nev)}, "want": "signature_mismatch"},
    {"name": "verification with extra fields is not a verification", "options": {"verification": "forward"}, "body": compact({"verification_token": nt, "type": "page.deleted"}), "want": "missing_signature"},
    {"name": "verification token with markup", "options": {"verification": "forward"}, "body": '{"verification_token":"<script>"}', "want": "bad_challenge"},
    {"name": "verification token too long", "options": {"verification": "forward"}, "body": compact({"verification_token": LONG}), "want": "bad_challenge"},
    {"name": "wrong secret", "secrets": ["secret_other"], "body": nev, "headers": {"X-Notion-Signature": "sha256=" + hexmac(nt, nev)}, "want": "signature_mismatch", "status": 401},
    {"name": "tampered body", "secrets": [nt], "body": nev.replace("page.created", "page.deleted"), "headers": {"X-Notion-Signature": "sha256=" + hexmac(nt, nev)}, "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [nt], "body": nev, "want": "missing_signature"},
    {"name": "malformed signature", "secrets": [nt], "body": nev, "headers": {"X-Notion-Signature": hexmac(nt, nev)}, "want": "malformed_signature"},
]})

# Figma ---------------------------------------------------------------------------------------
fp = "figma-passcode-42"
fping = compact({"event_type": "PING", "passcode": fp, "timestamp": "2025-12-31T23:59:00Z", "webhook_id": "22"})
fev = compact({"event_type": "FILE_UPDATE", "file_key": "zH5e2Zc8pWk4Q9Xy", "file_name": "Design", "passcode": fp, "timestamp": "2025-12-31T23:59:30Z", "webhook_id": "22"})
write("figma", {"provider": "figma", "source": "providers.md 5.55 (figma.com developers 'Webhooks V2': passcode; 400 disables the webhook)",
                "cases": [
    {"name": "PING answered after the passcode check", "secrets": [fp], "body": fping, "want": "handshake", "status": 200},
    {"name": "PING with a wrong passcode is 401, not 400", "secrets": [fp], "body": fping.replace(fp, "guess"), "want": "signature_mismatch", "status": 401},
    {"name": "file update", "secrets": [fp], "body": fev, "want": "ok",
     "event": {"type": "FILE_UPDATE", "object_type": "file", "object_id": "zH5e2Zc8pWk4Q9Xy", "subject": "22", "action": "updated", "time": "2025-12-31T23:59:30Z"}},
    {"name": "wrong passcode", "secrets": ["other"], "body": fev, "want": "signature_mismatch", "status": 401},
    {"name": "missing passcode is 401", "secrets": [fp], "body": fev.replace('"passcode":"%s",' % fp, ""), "want": "missing_signature", "status": 401},
    {"name": "not JSON is 401, never 400", "secrets": [fp], "body": "passcode=" + fp, "want": "missing_signature", "status": 401},
]})

# Terraform ----------------------------------------------------------------------------------
tfk = "tfe-notification-token"
tfver = compact({"payload_version": 1, "notification_configuration_id": "nc-AeUQ2zfKZzW9TiGZ", "run_url": None, "run_id": None, "run_message": None, "run_created_at": None, "run_created_by": None,
                 "workspace_id": None, "workspace_name": None, "organization_name": None,
                 "notifications": [{"message": "Verification of test", "trigger": "verification", "run_status": None, "run_updated_at": None, "run_updated_by": None}]})
tfev = compact({"payload_version": 1, "notification_configuration_id": "nc-AeUQ2zfKZzW9TiGZ", "run_url": "https://app.terraform.io/app/acme/my-workspace/runs/run-FwnENkvDnrpyFC7M",
                "run_id": "run-FwnENkvDnrpyFC7M", "run_message": "Add five new queue workers", "run_created_at": "2025-12-31T23:50:00.000Z", "run_created_by": "sample-user",
                "workspace_id": "ws-XdeUVMWShTesDMME", "workspace_name": "my-workspace", "organization_name": "acme",
                "notifications": [{"message": "Run Applied", "trigger": "run:completed", "run_status": "applied", "run_updated_at": "2025-12-31T23:59:00.000Z", "run_updated_by": "sample-user"}]})


def tfh(body, key=tfk):
    return {"X-TFE-Notification-Signature": hexmac(key, body, h=hashlib.sha512), "Content-Type": "application/json"}


write("terraform", {"provider": "terraform", "source": "providers.md 5.57 (developer.hashicorp.com 'Notification configurations API'); ngrok id terraform; no published vector",
                    "cases": [
    {"name": "verification notification answered after the signature check", "secrets": [tfk], "body": tfver, "headers": tfh(tfver), "want": "handshake", "status": 200},
    {"name": "verification with a forged signature", "secrets": [tfk], "body": tfver, "headers": tfh(tfver, "forged"), "want": "signature_mismatch", "status": 401},
    {"name": "run completed", "secrets": [tfk], "body": tfev, "headers": tfh(tfev), "want": "ok",
     "event": {"type": "run:completed", "object_type": "run", "object_id": "run-FwnENkvDnrpyFC7M", "subject": "acme/my-workspace", "action": "updated", "time": "2025-12-31T23:59:00Z"}},
    {"name": "sha256 instead of sha512", "secrets": [tfk], "body": tfev, "headers": {"X-TFE-Notification-Signature": hexmac(tfk, tfev)}, "want": "signature_mismatch"},
    {"name": "wrong token", "secrets": ["other"], "body": tfev, "headers": tfh(tfev), "want": "signature_mismatch"},
    {"name": "tampered body", "secrets": [tfk], "body": tfev.replace("applied", "errored"), "headers": tfh(tfev), "want": "signature_mismatch"},
    {"name": "missing signature", "secrets": [tfk], "body": tfev, "want": "missing_signature"},
    {"name": "malformed signature", "secrets": [tfk], "body": tfev, "headers": {"X-TFE-Notification-Signature": "xyz"}, "want": "malformed_signature"},
]})

# Google Drive ----------------------------------------------------------------------------------
gt = "target=myApp-myFilesChannelDest"
gch = "4ba78bf0-6a47-11e2-bcfd-0800200c9a66"


def gdh(state, num="10", tok=gt):
    h = {"X-Goog-Channel-ID": gch, "X-Goog-Channel-Expiration": "Tue, 19 Nov 2026 01:13:52 GMT", "X-Goog-Resource-ID": "ret08u3rv24htgh289g",
         "X-Goog-Resource-URI": "https://www.googleapis.com/drive/v3/files/ret08u3rv24htgh289g", "X-Goog-Resource-State": state, "X-Goog-Message-Number": num}
    if tok is not None:
        h["X-Goog-Channel-Token"] = tok
    return h


write("google_drive", {"provider": "google_drive", "source": "providers.md 5.14 (Google Drive API 'Notifications for resource changes'; header values from its examples)",
                       "cases": [
    {"name": "sync message answered after the token check", "secrets": [gt], "headers": gdh("sync", "1"), "want": "handshake", "status": 200},
    {"name": "sync with a wrong token", "secrets": [gt], "headers": gdh("sync", "1", tok="guess"), "want": "signature_mismatch", "status": 401},
    {"name": "update", "secrets": [gt], "headers": dict(gdh("update"), **{"X-Goog-Changed": "content"}), "want": "ok",
     "event": {"delivery_id": gch + ":10", "type": "update", "subject": gch, "object_type": "file", "object_id": "ret08u3rv24htgh289g", "action": "updated"}},
    {"name": "untrash is an update", "secrets": [gt], "headers": gdh("untrash"), "want": "ok", "event": {"action": "updated"}},
    {"name": "trash is a delete", "secrets": [gt], "headers": gdh("trash"), "want": "ok", "event": {"action": "deleted"}},
    {"name": "channel allowed", "secrets": [gt], "options": {"channel_id": gch}, "headers": gdh("add"), "want": "ok", "event": {"action": "created"}},
    {"name": "channel not allowed", "secrets": [gt], "options": {"channel_id": "other"}, "headers": gdh("add"), "want": "signature_mismatch"},
    {"name": "missing token", "secrets": [gt], "headers": gdh("update", tok=None), "want": "missing_signature", "status": 400},
    {"name": "no resource state", "secrets": [gt], "headers": {"X-Goog-Channel-Token": gt}, "want": "malformed_payload"},
    {"name": "wrong method", "secrets": [gt], "method": "GET", "want": "method_not_allowed"},
]})
