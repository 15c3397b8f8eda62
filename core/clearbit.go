package core

// HeaderClearbitSignature is the signature header.
const HeaderClearbitSignature = "X-Request-Signature"

// Clearbit: X-Request-Signature: sha1=<hex HMAC-SHA1 of the body> keyed with
// the API key.
var clearbitSpec = bodyMACSpec(spec{
	scheme: "X-Request-Signature: sha1=hex HMAC-SHA1(body)",
	secret: "API key",
}, bodyMACScheme{headers: []string{HeaderClearbitSignature}, alg: "sha1", enc: "hex", prefix: "sha1="}, fromJSON(jsonFields{
	typ: "type", typeObject: true, objectID: "id",
}))
