package core

// HeaderBoltSignature is the signature header.
const HeaderBoltSignature = "X-Bolt-Hmac-Sha256"

// Bolt: X-Bolt-Hmac-Sha256, base64 HMAC-SHA256 of the body with the signing
// secret.
var boltSpec = bodyMACSpec(spec{
	scheme: "X-Bolt-Hmac-Sha256: base64 HMAC-SHA256(body)",
	secret: "signing secret",
}, bodyMACScheme{headers: []string{HeaderBoltSignature}, alg: "sha256", enc: "base64"}, fromJSON(jsonFields{
	typ: "type", objectType: "object", objectID: "data.id",
}))
