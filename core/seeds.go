package core

// seedProviders are the first providers hookstile shipped with.
var seedProviders = map[string]spec{
	"dropbox": {
		build:      newDropbox,
		handshake:  "GET ?challenge= echoed as text/plain",
		scheme:     "X-Dropbox-Signature: hex HMAC-SHA256(body)",
		secret:     "app secret",
		sigHeaders: []string{"X-Dropbox-Signature"},
	},
	"dropbox_sign": {
		build:     newDropboxSign,
		handshake: "callback_test event verified and answered with the acknowledgement body",
		scheme:    "event.event_hash: hex HMAC-SHA256(event_time + event_type), 73 h window; nothing else is signed: ids, signature request, signers and metadata are not (option verify_api on fetches the signature request from the Dropbox Sign API and forwards that)",
		secret:    "API key",
		ack:       DropboxSignAck,
		window:    dropboxSignWindow,
		aliases:   []string{"hellosign"},
	},
	"box": {
		build:      newBox,
		scheme:     "BOX-SIGNATURE-PRIMARY/SECONDARY: base64 HMAC-SHA256(body + BOX-DELIVERY-TIMESTAMP), 10 min window",
		secret:     "primary and secondary signature keys",
		sigHeaders: []string{"Box-Signature-Primary", "Box-Signature-Secondary", "Box-Signature-Version", "Box-Signature-Algorithm"},
	},
	"standard_webhooks": {
		build:      swPreset(swEvent),
		scheme:     "webhook-signature (or svix-signature): v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
		secret:     "whsec_ signing secret",
		sigHeaders: []string{"Webhook-Signature", "Svix-Signature"},
		aliases:    []string{"standardwebhooks"},
	},
	"github": {
		build:      newGitHub,
		handshake:  "ping event (verified, forwarded)",
		scheme:     "X-Hub-Signature-256: sha256=hex HMAC-SHA256(body)",
		secret:     "webhook secret",
		sigHeaders: []string{"X-Hub-Signature-256", "X-Hub-Signature"},
	},
	"stripe": {
		build:      newStripe,
		scheme:     "Stripe-Signature: t=,v1=hex HMAC-SHA256(t.body), 5 min window",
		secret:     "endpoint secret (whsec_..., used verbatim)",
		sigHeaders: []string{"Stripe-Signature"},
	},
	"slack": {
		build:      newSlack,
		handshake:  "url_verification challenge (after the signature check)",
		scheme:     "X-Slack-Signature: v0=hex HMAC-SHA256(v0:ts:body), 5 min window",
		secret:     "signing secret",
		sigHeaders: []string{"X-Slack-Signature"},
	},
	"generic": {
		build:  newGeneric,
		scheme: "configurable: header, algorithm, encoding, prefix, signed-content template, timestamp header",
		secret: "shared HMAC secret",
	},
}
