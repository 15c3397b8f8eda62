#!/bin/sh
# Sends one signed Box delivery to hookstile, signed as Box signs:
# base64 HMAC-SHA256(primary key, body + BOX-DELIVERY-TIMESTAMP).
set -eu
URL=${URL:-http://127.0.0.1:${HOOKSTILE_PORT:-8080}/hooks/box}
KEY=${BOX_PRIMARY_KEY:-box-demo-primary-key}
BODY='{"type":"webhook_event","trigger":"FILE.UPLOADED","source":{"id":"12345","type":"file"}}'
TS=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SIG=$(printf '%s%s' "$BODY" "$TS" | openssl dgst -sha256 -hmac "$KEY" -binary | openssl base64 -A)
curl -sS -o /dev/null -w '%{http_code}\n' "$URL" \
  -H 'Content-Type: application/json' \
  -H "BOX-DELIVERY-ID: curl-$(date +%s)-$$" \
  -H "BOX-DELIVERY-TIMESTAMP: $TS" \
  -H "BOX-SIGNATURE-PRIMARY: $SIG" \
  --data-binary "$BODY"
