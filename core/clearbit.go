package core

// HeaderClearbitSignature is the signature header.
const HeaderClearbitSignature = "X-Request-Signature"

var clearbitSpec = spec{
	build:      bodyMACPreset("sha1", "hex", "sha1=", extractClearbit, HeaderClearbitSignature),
	scheme:     "X-Request-Signature: sha1=hex HMAC-SHA1(body)",
	secret:     "API key",
	sigHeaders: []string{HeaderClearbitSignature},
}

// Clearbit: X-Request-Signature: sha1=<hex HMAC-SHA1 of the body> keyed with
// the API key.
func extractClearbit(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "type")
	ev.ObjectType = ev.Type
	ev.ObjectID = field(m, "id")
	return nil
}
