package core

// HeaderCastleSignature is the signature header.
const HeaderCastleSignature = "X-Castle-Signature"

// Castle: X-Castle-Signature, base64 HMAC-SHA256 of the body with the API
// secret.
var castleSpec = bodyMACSpec(spec{
	scheme: "X-Castle-Signature: base64 HMAC-SHA256(body)",
	secret: "API secret",
}, bodyMACScheme{headers: []string{HeaderCastleSignature}, alg: "sha256", enc: "base64"}, fromJSON(jsonFields{
	typ: "type", subject: []string{"data.user_id"}, object: "user", objectID: "data.user_id", time: "created_at",
}))
