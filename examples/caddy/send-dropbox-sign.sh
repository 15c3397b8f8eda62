#!/bin/sh
# Sends one Dropbox Sign callback to hookstile, as Dropbox Sign does: the
# event JSON in the multipart field "json", signed inside the payload:
# event.event_hash = hex HMAC-SHA256(API key, event_time + event_type).
# Prints the answer: hookstile answers "Hello API Event Received" once the
# upstream took the event, as Dropbox Sign requires.
set -eu
URL=${URL:-http://127.0.0.1:${HOOKSTILE_PORT:-8080}/hooks/dropbox-sign}
KEY=${DROPBOX_SIGN_API_KEY:-dropbox-sign-demo-api-key}
TIME=$(date +%s)
TYPE=signature_request_signed
HASH=$(printf '%s%s' "$TIME" "$TYPE" | openssl dgst -sha256 -hmac "$KEY" -r | cut -d' ' -f1)
JSON='{"event":{"event_time":"'$TIME'","event_type":"'$TYPE'","event_hash":"'$HASH'","event_metadata":{"reported_for_account_id":"demo-account"}},"signature_request":{"signature_request_id":"curl-'$TIME'-'$$'","title":"NDA"}}'
curl -sS -w '\n%{http_code}\n' "$URL" --form-string "json=$JSON"
