#!/bin/sh
# Sends test deliveries to the demo with the hookstile command, each signed
# exactly as the provider signs it (a sample event, fresh ids and timestamps).
set -eu
hookstile=${HOOKSTILE:-go run github.com/hookstile/hookstile/cmd/hookstile}
base=${BASE:-http://127.0.0.1:${HOOKSTILE_PORT:-8080}}
$hookstile send box --url "$base/hooks/box" \
  --secret "${BOX_PRIMARY_KEY:-box-demo-primary-key}" --secret "${BOX_SECONDARY_KEY:-box-demo-secondary-key}"
$hookstile send dropbox --url "$base/hooks/dropbox" --secret "${DROPBOX_APP_SECRET:-dropbox-demo-app-secret}"
echo '{"event":{"event_type":"signature_request_signed"},"signature_request":{"signature_request_id":"sr-1"}}' |
  $hookstile send dropbox_sign --url "$base/hooks/dropbox-sign" --secret "${DROPBOX_SIGN_API_KEY:-dropbox-sign-demo-api-key}" --body -
