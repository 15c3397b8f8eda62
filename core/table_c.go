package core

// groupC is one group of the provider table (see specs in provider.go).
var groupC = map[string]spec{
	"salesforce": {
		build:   newSalesforce,
		scheme:  "none (SOAP outbound message): notifications/OrganizationId must match; answered with the SOAP <Ack>true</Ack>",
		secret:  "Organization ID(s), 15 or 18 characters (or option organization_id)",
		ack:     SalesforceAck,
		aliases: []string{"salesforce_outbound"},
	},
	"mux": {
		build:      newMux,
		scheme:     "Mux-Signature: t=,v1=hex HMAC-SHA256(t.body), 5 min window",
		secret:     "webhook signing secret",
		sigHeaders: []string{HeaderMuxSignature},
	},
	"frameio": {
		build:      newFrameio,
		scheme:     "X-Frameio-Signature: v0=hex HMAC-SHA256(v0:ts:body) (base64 digest also accepted; unconfirmed which), 5 min window",
		secret:     "webhook signing secret",
		sigHeaders: []string{HeaderFrameioSignature},
		aliases:    []string{"frame.io", "frame_io"},
	},
	"contentful": {
		build:      newContentful,
		scheme:     "x-contentful-signature: hex HMAC-SHA256(method, path, signed headers, body), x-contentful-timestamp in ms, 30 s window; option public_url",
		secret:     "webhook signing secret",
		sigHeaders: []string{HeaderContentfulSignature},
	},
	"sentry": {
		build:      newSentry,
		scheme:     "Sentry-Hook-Signature: hex HMAC-SHA256(body); Sentry-Hook-Timestamp (unsigned) within 5 min",
		secret:     "integration client secret",
		sigHeaders: []string{HeaderSentrySignature},
	},
	"pagerduty": {
		build:      newPagerDuty,
		scheme:     "X-PagerDuty-Signature: comma list of v1=hex HMAC-SHA256(body)",
		secret:     "webhook subscription secret",
		sigHeaders: []string{HeaderPagerDutySignature},
	},
	"coinbase": {
		build:      newCoinbase,
		scheme:     "X-CC-Webhook-Signature: hex HMAC-SHA256(body) (Coinbase Commerce)",
		secret:     "webhook shared secret",
		sigHeaders: []string{HeaderCoinbaseSignature},
		aliases:    []string{"coinbase_commerce"},
	},
	"adyen": {
		build:      newAdyen,
		scheme:     "each item's additionalData.hmacSignature: base64 HMAC-SHA256(psp:orig:merchant:ref:value:currency:event:success); HmacSignature header over the body for platform webhooks; answered [accepted]",
		secret:     "HMAC key (hex, as the Customer Area shows it)",
		sigHeaders: []string{HeaderAdyenHmacSignature},
		ack:        AdyenAck,
	},
	"razorpay": {
		build:      newRazorpay,
		scheme:     "X-Razorpay-Signature: hex HMAC-SHA256(body)",
		secret:     "webhook secret",
		sigHeaders: []string{HeaderRazorpaySignature},
	},
	"zendesk": {
		build:      newZendesk,
		scheme:     "X-Zendesk-Webhook-Signature: base64 HMAC-SHA256(timestamp + body), RFC 3339 timestamp, 5 min window",
		secret:     "webhook signing secret (used verbatim)",
		sigHeaders: []string{HeaderZendeskSignature},
	},
	"pipedrive": {
		build:      newPipedrive,
		scheme:     "none: HTTP Basic auth (http_auth_user / http_auth_password)",
		secret:     "user:password",
		sigHeaders: []string{"Authorization"},
		authStatus: 401,
	},
	"circleci": {
		build:      newCircleCI,
		scheme:     "circleci-signature: v1=hex HMAC-SHA256(body)",
		secret:     "webhook secret token",
		sigHeaders: []string{HeaderCircleCISignature},
	},
	"docusign": {
		build:      newDocuSign,
		scheme:     "X-DocuSign-Signature-1..100: base64 HMAC-SHA256(body), any header with any key",
		secret:     "Connect HMAC key(s)",
		sigHeaders: docuSignHeaders(),
	},
	"workos": {
		build:      newWorkOS,
		scheme:     "WorkOS-Signature: t=<ms>, v1=hex HMAC-SHA256(t.body), 180 s window",
		secret:     "webhook endpoint secret",
		sigHeaders: []string{HeaderWorkOSSignature},
	},
	"auth0": {
		build:      newAuth0,
		scheme:     "none: the Authorization header value of the custom webhook log stream",
		secret:     "Authorization header value (e.g. \"Bearer <token>\")",
		sigHeaders: []string{"Authorization"},
		authStatus: 401,
	},
}
