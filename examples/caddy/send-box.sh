#!/bin/sh
# Sends one signed Box delivery to hookstile, signed as Box signs:
# base64 HMAC-SHA256(primary key, body + BOX-DELIVERY-TIMESTAMP).
set -eu
URL=${URL:-http://127.0.0.1:${HOOKSTILE_PORT:-8080}/hooks/box}
KEY=${BOX_PRIMARY_KEY:-box-demo-primary-key}
# Each run is a new event: a copy of a delivery (same body and timestamp)
# is a duplicate, whatever its BOX-DELIVERY-ID, and is not forwarded again.
ID="curl-$(date +%s)-$$"
BODY='{"type":"webhook_event","id":"'"$ID"'","trigger":"FILE.UPLOADED","source":{"id":"12345","type":"file"}}'
TS=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SIG=$(printf '%s%s' "$BODY" "$TS" | openssl dgst -sha256 -hmac "$KEY" -binary | openssl base64 -A)
curl -sS -o /dev/null -w '%{http_code}\n' "$URL" \
  -H 'Content-Type: application/json' \
  -H "BOX-DELIVERY-ID: $ID" \
  -H "BOX-DELIVERY-TIMESTAMP: $TS" \
  -H "BOX-SIGNATURE-PRIMARY: $SIG" \
  --data-binary "$BODY"
