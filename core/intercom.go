package core

// HeaderIntercomSignature is Intercom's signature header.
const HeaderIntercomSignature = "X-Hub-Signature"

// Intercom: X-Hub-Signature = "sha1=" hex HMAC-SHA1 of the raw body, keyed
// with the app's client secret. No timestamp is signed. The notification
// object's id ("notif_...") is the delivery id: Intercom re-sends the same
// notification with a growing delivery_attempts count. The "ping" sent when a
// webhook is created or tested is an ordinary signed delivery. No options.
var intercomSpec = bodyMACSpec(spec{
	handshake: "ping notification (verified, forwarded)",
	scheme:    "X-Hub-Signature: sha1=hex HMAC-SHA1(body)",
	secret:    "app client secret",
}, bodyMACScheme{headers: []string{HeaderIntercomSignature}, alg: "sha1", enc: "hex", prefix: "sha1="}, fromJSON(jsonFields{
	id: "id", typ: "topic", split: true, objectType: "data.item.type", objectID: "data.item.id", subject: []string{"app_id"}, time: "created_at",
}))
