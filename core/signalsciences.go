package core

// HeaderSigSciSignature is the signature header.
const HeaderSigSciSignature = "X-Sigsci-Signature"

// Signal Sciences (Fastly Next-Gen WAF) generic webhooks: X-SigSci-Signature,
// hex HMAC-SHA256 of the body with the integration's signing key.
var signalSciencesSpec = bodyMACSpec(spec{
	scheme:  "X-SigSci-Signature: hex HMAC-SHA256(body)",
	secret:  "generic webhook signing key",
	aliases: []string{"sigsci", "fastly_ngwaf"},
}, bodyMACScheme{headers: []string{HeaderSigSciSignature}, alg: "sha256", enc: "hex"}, fromJSON(jsonFields{
	typ: "type", typeObject: true, time: "created",
}))
