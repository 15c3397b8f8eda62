package core

// HeaderSegmentSignature is Twilio Segment's webhook signature header.
const HeaderSegmentSignature = "X-Signature"

// Segment (webhook destination): X-Signature = hex HMAC-SHA1 of the raw body,
// keyed with the shared secret configured on the destination. No timestamp is
// signed. The message's messageId is the delivery id. No options.
var segmentSpec = bodyMACSpec(spec{
	scheme: "X-Signature: hex HMAC-SHA1(body)",
	secret: "destination shared secret",
}, bodyMACScheme{headers: []string{HeaderSegmentSignature}, alg: "sha1", enc: "hex"}, fromJSON(jsonFields{
	id: "messageId", typ: "type", typeObject: true, objectID: "event", subject: []string{"userId", "anonymousId"}, time: "timestamp",
}))
