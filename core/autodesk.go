package core

// HeaderAutodeskSignature is the signature header.
const HeaderAutodeskSignature = "X-Adsk-Signature"

// Autodesk Platform Services: x-adsk-signature: sha1hash=<hex HMAC-SHA1 of
// the body> keyed with the webhook's secret token.
var autodeskSpec = bodyMACSpec(spec{
	scheme:  "x-adsk-signature: sha1hash=hex HMAC-SHA1(body)",
	secret:  "webhook secret token",
	aliases: []string{"autodesk_platform_services", "autodesk_forge", "aps"},
}, bodyMACScheme{headers: []string{HeaderAutodeskSignature}, alg: "sha1", enc: "hex", prefix: "sha1hash="}, fromJSON(jsonFields{
	typ: "hook.event", split: true, objectID: "resourceUrn", subject: []string{"hook.tenant"}, time: "hook.createdDate",
}))
