package core

// groupB is one group of the provider table (see specs in provider.go).
var groupB = map[string]spec{
	"gitlab": {
		build:      newGitLab,
		scheme:     "X-Gitlab-Token compared in constant time; with a whsec_ signing token: webhook-signature v1,base64 HMAC-SHA256(id.timestamp.body) (Standard Webhooks), 5 min window",
		secret:     "secret token, and/or whsec_ signing token",
		sigHeaders: []string{"X-Gitlab-Token", "Webhook-Signature"},
	},
	"shopify": {
		build:      newShopify,
		scheme:     "X-Shopify-Hmac-Sha256: base64 HMAC-SHA256(body)",
		secret:     "app client secret",
		sigHeaders: []string{"X-Shopify-Hmac-Sha256", "Shopify-Hmac-Sha256"},
	},
	"twilio": {
		build:      newTwilio,
		scheme:     "X-Twilio-Signature: base64 HMAC-SHA1(URL + sorted form params; JSON: URL with bodySHA256); option public_url required",
		secret:     "account auth token",
		sigHeaders: []string{"X-Twilio-Signature"},
	},
	"svix": {
		build:      swPreset(svixEvent),
		scheme:     "svix-signature (or webhook-signature): v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
		secret:     "whsec_ signing secret",
		sigHeaders: []string{"Svix-Signature", "Webhook-Signature"},
	},
	"clerk": {
		build:      swPreset(svixEvent),
		scheme:     "Svix: svix-signature v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
		secret:     "whsec_ signing secret",
		sigHeaders: []string{"Svix-Signature", "Webhook-Signature"},
	},
	"resend": {
		build:      swPreset(svixEvent),
		scheme:     "Svix: svix-signature v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
		secret:     "whsec_ signing secret",
		sigHeaders: []string{"Svix-Signature", "Webhook-Signature"},
	},
	"square": {
		build:      newSquare,
		scheme:     "x-square-hmacsha256-signature: base64 HMAC-SHA256(notification URL + body); option notification_url required; legacy SHA-1 header with allow_sha1",
		secret:     "subscription signature key",
		sigHeaders: []string{"X-Square-Hmacsha256-Signature", "X-Square-Signature"},
	},
	"sendgrid": {
		build:      newSendGrid,
		scheme:     "X-Twilio-Email-Event-Webhook-Signature: base64 DER ECDSA P-256 SHA-256(timestamp + body), 10 min window",
		secret:     "verification key (base64 DER or PEM public key)",
		sigHeaders: []string{"X-Twilio-Email-Event-Webhook-Signature", "X-Twilio-Email-Event-Webhook-Timestamp"},
	},
	"mailgun": {
		build:  newMailgun,
		scheme: "body signature.signature (or form field): hex HMAC-SHA256(timestamp + token), 10 min window; each signature accepted once (the event is not signed)",
		secret: "HTTP webhook signing key",
	},
	"postmark": {
		build:      newPostmark,
		scheme:     "HTTP Basic credentials from the webhook URL (or a query token with option token_param), compared in constant time",
		secret:     "user:password (or token)",
		sigHeaders: []string{"Authorization"},
	},
	"intercom": {
		build:      newIntercom,
		handshake:  "ping notification (verified, forwarded)",
		scheme:     "X-Hub-Signature: sha1=hex HMAC-SHA1(body)",
		secret:     "app client secret",
		sigHeaders: []string{"X-Hub-Signature"},
	},
	"linear": {
		build:      newLinear,
		scheme:     "Linear-Signature: hex HMAC-SHA256(body); body webhookTimestamp (ms), 60 s window",
		secret:     "webhook signing secret",
		sigHeaders: []string{"Linear-Signature"},
	},
	"jira": {
		build:      newJira,
		scheme:     "X-Hub-Signature: sha256=hex HMAC-SHA256(body)",
		secret:     "webhook secret",
		sigHeaders: []string{"X-Hub-Signature"},
	},
	"bitbucket": {
		build:      newBitbucket,
		scheme:     "X-Hub-Signature: sha256=hex HMAC-SHA256(body)",
		secret:     "webhook secret",
		sigHeaders: []string{"X-Hub-Signature"},
	},
	"calendly": {
		build:      newCalendly,
		scheme:     "Calendly-Webhook-Signature: t=,v1=hex HMAC-SHA256(t.body), 3 min window",
		secret:     "webhook signing key",
		sigHeaders: []string{"Calendly-Webhook-Signature"},
	},
	"hubspot": {
		build:      newHubSpot,
		scheme:     "X-HubSpot-Signature-v3: base64 HMAC-SHA256(method + URI + body + timestamp ms), 5 min window; option public_url required; v1/v2 with allow_legacy",
		secret:     "app client secret",
		sigHeaders: []string{"X-HubSpot-Signature-v3", "X-HubSpot-Signature", "X-HubSpot-Signature-Version"},
	},
	"typeform": {
		build:      newTypeform,
		scheme:     "Typeform-Signature: sha256=base64 HMAC-SHA256(body)",
		secret:     "webhook secret",
		sigHeaders: []string{"Typeform-Signature"},
	},
	"paddle": {
		build:      newPaddle,
		scheme:     "Paddle-Signature: ts=;h1=hex HMAC-SHA256(ts:body), 60 s window",
		secret:     "notification destination secret key (pdl_..., used verbatim)",
		sigHeaders: []string{"Paddle-Signature"},
	},
	"lemon_squeezy": {
		build:      newLemonSqueezy,
		scheme:     "X-Signature: hex HMAC-SHA256(body)",
		secret:     "signing secret",
		sigHeaders: []string{"X-Signature"},
		only200:    true,
		aliases:    []string{"lemonsqueezy"},
	},
	"vercel": {
		build:      newVercel,
		scheme:     "x-vercel-signature: hex HMAC-SHA1(body)",
		secret:     "webhook secret or integration client secret",
		sigHeaders: []string{"X-Vercel-Signature"},
	},
	"segment": {
		build:      newSegment,
		scheme:     "X-Signature: hex HMAC-SHA1(body)",
		secret:     "destination shared secret",
		sigHeaders: []string{"X-Signature"},
	},
	"airtable": {
		build:      newAirtable,
		scheme:     "X-Airtable-Content-MAC: hmac-sha256=hex HMAC-SHA256(body), key base64-decoded",
		secret:     "macSecretBase64",
		sigHeaders: []string{"X-Airtable-Content-MAC"},
	},
}
