package core

// HeaderBoltSignature is the signature header.
const HeaderBoltSignature = "X-Bolt-Hmac-Sha256"

var boltSpec = spec{
	build:      bodyMACPreset("sha256", "base64", "", extractBolt, HeaderBoltSignature),
	scheme:     "X-Bolt-Hmac-Sha256: base64 HMAC-SHA256(body)",
	secret:     "signing secret",
	sigHeaders: []string{HeaderBoltSignature},
}

// Bolt: X-Bolt-Hmac-Sha256, base64 HMAC-SHA256 of the body with the signing
// secret.
func extractBolt(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "type")
	ev.ObjectType = field(m, "object")
	ev.ObjectID = field(m, "data.id")
	return nil
}
