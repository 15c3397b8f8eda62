#!/bin/sh
# Asks hookstile for Dropbox's challenge (as Dropbox does when you register
# the URL), then sends one notification signed as Dropbox signs:
# hex HMAC-SHA256(app secret, body).
set -eu
URL=${URL:-http://127.0.0.1:${HOOKSTILE_PORT:-8080}/hooks/dropbox}
SECRET=${DROPBOX_APP_SECRET:-dropbox-demo-app-secret}
curl -sS "$URL?challenge=hello-hookstile"; echo
BODY='{"list_folder":{"accounts":["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}}'
SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)
curl -sS -o /dev/null -w '%{http_code}\n' "$URL" \
  -H 'Content-Type: application/json' \
  -H "X-Dropbox-Signature: $SIG" \
  --data-binary "$BODY"
