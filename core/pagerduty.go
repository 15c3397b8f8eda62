package core

// HeaderPagerDutySignature is PagerDuty's (Webhooks v3) signature header.
const HeaderPagerDutySignature = "X-PagerDuty-Signature"

// PagerDuty (Webhooks v3): X-PagerDuty-Signature is a comma-separated list of
// "v1=<hex HMAC-SHA256(subscription secret, body)>" (one per active secret);
// any match passes. event.id in the body is the delivery id.
var pagerdutySpec = bodyMACSpec(spec{
	scheme: "X-PagerDuty-Signature: comma list of v1=hex HMAC-SHA256(body)",
	secret: "webhook subscription secret",
}, bodyMACScheme{headers: []string{HeaderPagerDutySignature}, alg: "sha256", enc: "hex", version: "v1"}, fromJSON(jsonFields{
	id: "event.id", typ: "event.event_type", split: true, objectType: "event.resource_type", objectID: "event.data.id", subject: []string{"event.data.service.id"}, time: "event.occurred_at",
}))
