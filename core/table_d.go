package core

import (
	"time"
)

// groupD is one group of the provider table (see specs in provider.go): the
// ngrok verify-webhook ids that providers.md does not cover, each looked up
// in the provider's own documentation or SDK (sources in the vector files).
var groupD = map[string]spec{
	"aftership": {
		build:      newAfterShip,
		scheme:     "aftership-hmac-sha256 (Tracking), as-signature-hmac-sha256 (Returns, Warranty) or am-webhook-signature [hmac-sha256=] (Shipping): base64 HMAC-SHA256(body)",
		secret:     "webhook secret",
		sigHeaders: []string{HeaderAfterShip, HeaderAfterShipReturns, HeaderAfterShipShipping},
	},
	"airship": {
		build:      newAirship,
		handshake:  "signed GET validation request answered 200",
		scheme:     "X-UA-Signature: hex HMAC-SHA256(X-UA-Timestamp:body), 5 min window (window unconfirmed)",
		secret:     "signature hash secret",
		sigHeaders: []string{HeaderAirshipSignature},
		aliases:    []string{"urbanairship"},
	},
	"alchemy": {
		build:      bodyMACPreset("sha256", "hex", "", extractAlchemy, HeaderAlchemySignature),
		scheme:     "X-Alchemy-Signature: hex HMAC-SHA256(body)",
		secret:     "webhook signing key",
		sigHeaders: []string{HeaderAlchemySignature},
	},
	"autodesk": {
		build:      bodyMACPreset("sha1", "hex", "sha1hash=", extractAutodesk, HeaderAutodeskSignature),
		scheme:     "x-adsk-signature: sha1hash=hex HMAC-SHA1(body)",
		secret:     "webhook secret token",
		sigHeaders: []string{HeaderAutodeskSignature},
		aliases:    []string{"autodesk_platform_services", "autodesk_forge", "aps"},
	},
	"bolt": {
		build:      bodyMACPreset("sha256", "base64", "", extractBolt, HeaderBoltSignature),
		scheme:     "X-Bolt-Hmac-Sha256: base64 HMAC-SHA256(body)",
		secret:     "signing secret",
		sigHeaders: []string{HeaderBoltSignature},
	},
	"brex": {
		build:      swPreset(brexEvent),
		scheme:     "Webhook-Signature: v1,base64 HMAC-SHA256(id.timestamp.body) (Standard Webhooks), 5 min window",
		secret:     "webhook secret (base64, from GET /v1/webhooks/secrets; both during rotation)",
		sigHeaders: []string{HeaderWebhookSignature},
	},
	"buildkite": {
		build:      newBuildkite,
		scheme:     "X-Buildkite-Signature: timestamp=,signature=hex HMAC-SHA256(timestamp.body), 5 min window (window unconfirmed); or X-Buildkite-Token equal to the token",
		secret:     "webhook token",
		sigHeaders: []string{HeaderBuildkiteSignature, HeaderBuildkiteToken},
	},
	"castle": {
		build:      bodyMACPreset("sha256", "base64", "", extractCastle, HeaderCastleSignature),
		scheme:     "X-Castle-Signature: base64 HMAC-SHA256(body)",
		secret:     "API secret",
		sigHeaders: []string{HeaderCastleSignature},
	},
	"chargify": {
		build:      bodyMACPreset("sha256", "hex", "", extractChargify, HeaderChargifySignature),
		scheme:     "X-Chargify-Webhook-Signature-Hmac-Sha-256: hex HMAC-SHA256(form body)",
		secret:     "site shared key",
		sigHeaders: []string{HeaderChargifySignature, "X-Chargify-Webhook-Signature"},
		aliases:    []string{"maxio"},
	},
	"clearbit": {
		build:      bodyMACPreset("sha1", "hex", "sha1=", extractClearbit, HeaderClearbitSignature),
		scheme:     "X-Request-Signature: sha1=hex HMAC-SHA1(body)",
		secret:     "API key",
		sigHeaders: []string{HeaderClearbitSignature},
	},
	"go1": {
		build:      tv1Preset(stripeLike(HeaderGo1Signature, "v1"), 60*time.Second, extractGo1),
		scheme:     "go1-signature: t=,v1=hex HMAC-SHA256(t.body), 60 s window",
		secret:     "webhook shared secret",
		sigHeaders: []string{HeaderGo1Signature},
	},
	"graphcms": {
		build:      newHygraph,
		scheme:     "gcms-signature: sign=base64 HMAC-SHA256(JSON {Body, EnvironmentName, TimeStamp}), env=, t=; 5 min window (window unconfirmed)",
		secret:     "webhook secret key",
		sigHeaders: []string{HeaderHygraphSignature},
		aliases:    []string{"hygraph"},
	},
	"heroku": {
		build:      bodyMACPreset("sha256", "base64", "", extractHeroku, HeaderHerokuSignature),
		scheme:     "Heroku-Webhook-Hmac-SHA256: base64 HMAC-SHA256(body)",
		secret:     "webhook secret",
		sigHeaders: []string{HeaderHerokuSignature},
	},
	"hostedhooks": {
		build:      tv1Preset(stripeLike(HeaderHostedHooksSig, "s"), 5*time.Minute, extractHostedHooks),
		scheme:     "HostedHooks-Signature: t=,s=hex HMAC-SHA256(t.body), 5 min window",
		secret:     "endpoint signing secret",
		sigHeaders: []string{HeaderHostedHooksSig},
	},
	"launch_darkly": {
		build:      bodyMACPreset("sha256", "hex", "", extractLaunchDarkly, HeaderLaunchDarklySig),
		scheme:     "X-LD-Signature: hex HMAC-SHA256(body)",
		secret:     "webhook secret",
		sigHeaders: []string{HeaderLaunchDarklySig},
		aliases:    []string{"launchdarkly"},
	},
	"mailchimp": {
		build:     newMailchimp,
		handshake: "GET URL validation answered 200 (after the query secret check)",
		scheme:    "no signature: the secret is a query parameter of the callback URL (Options query_param, default secret)",
		secret:    "the secret put in the callback URL's query",
	},
	"modern_treasury": {
		build:      bodyMACPreset("sha256", "hex", "", extractModernTreasury, HeaderModernTreasurySig),
		scheme:     "X-Signature: hex HMAC-SHA256(body)",
		secret:     "webhook key",
		sigHeaders: []string{HeaderModernTreasurySig},
		aliases:    []string{"moderntreasury"},
	},
	"mongodb": {
		build:      newMongoDB,
		scheme:     "X-MMS-Signature: base64 (or hex) HMAC-SHA1(body)",
		secret:     "webhook secret",
		sigHeaders: []string{HeaderMongoDBSignature},
		aliases:    []string{"mongodb_atlas"},
	},
	"orb": {
		build:      newOrb,
		scheme:     "X-Orb-Signature: v1=hex HMAC-SHA256(v1:X-Orb-Timestamp:body), ISO 8601 UTC timestamp, 5 min window",
		secret:     "webhook secret",
		sigHeaders: []string{HeaderOrbSignature},
	},
	"orbit": {
		build:      newOrbit,
		scheme:     "X-Orbit-Signature equal to the secret (token, the body is not signed)",
		secret:     "webhook secret",
		sigHeaders: []string{HeaderOrbitSignature},
	},
	"pinwheel": {
		build:      newPinwheel,
		scheme:     "X-Pinwheel-Signature: v2=hex HMAC-SHA256(v2:X-Timestamp:body), 5 min window (window unconfirmed)",
		secret:     "API secret",
		sigHeaders: []string{HeaderPinwheelSignature},
	},
	"plivo": {
		build:      newPlivo,
		scheme:     "X-Plivo-Signature-V3: base64 HMAC-SHA256(URL + sorted params . X-Plivo-Signature-V3-Nonce); Options public_url required",
		secret:     "auth token",
		sigHeaders: []string{HeaderPlivoSignatureV3, HeaderPlivoSignatureMaV3, HeaderPlivoNonceV3},
	},
	"pusher": {
		build:      newPusher,
		scheme:     "X-Pusher-Signature: hex HMAC-SHA256(body); X-Pusher-Key must equal Options app_key when set",
		secret:     "app secret",
		sigHeaders: []string{HeaderPusherSignature},
	},
	"signal_sciences": {
		build:      bodyMACPreset("sha256", "hex", "", extractSignalSciences, HeaderSigSciSignature),
		scheme:     "X-SigSci-Signature: hex HMAC-SHA256(body)",
		secret:     "generic webhook signing key",
		sigHeaders: []string{HeaderSigSciSignature},
		aliases:    []string{"sigsci", "fastly_ngwaf"},
	},
	"sonatype": {
		build:      bodyMACPreset("sha1", "hex", "", extractSonatype, HeaderNexusSignature),
		scheme:     "X-Nexus-Webhook-Signature: hex HMAC-SHA1(body)",
		secret:     "webhook secret key",
		sigHeaders: []string{HeaderNexusSignature},
		aliases:    []string{"sonatype_nexus", "nexus"},
	},
	"tiktok": {
		build:      tv1Preset(stripeLike(HeaderTikTokSignature, "s"), 5*time.Minute, extractTikTok),
		scheme:     "TikTok-Signature: t=,s=hex HMAC-SHA256(t.body), 5 min window (window unconfirmed)",
		secret:     "app client secret",
		sigHeaders: []string{HeaderTikTokSignature},
	},
	"trendmicro_conformity": {
		build:      bodyMACPreset("sha256", "hex", "", extractConformity, HeaderConformitySig),
		scheme:     "X-Conformity-Signature: hex HMAC-SHA256(body)",
		secret:     "webhook security token",
		sigHeaders: []string{HeaderConformitySig},
		aliases:    []string{"conformity", "cloud_conformity"},
	},
	"vmware": {
		build:   newVMware,
		scheme:  "HTTP Basic credentials of the notification rule (the body is not signed)",
		secret:  "username:password",
		aliases: []string{"vmware_workspace", "workspace_one"},
	},
	"webex": {
		build:      bodyMACPreset("sha1", "hex", "", extractWebex, HeaderWebexSignature),
		scheme:     "X-Spark-Signature: hex HMAC-SHA1(body)",
		secret:     "webhook secret",
		sigHeaders: []string{HeaderWebexSignature},
		aliases:    []string{"cisco_webex", "spark"},
	},
}
