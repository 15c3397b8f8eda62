package core

// HeaderCastleSignature is the signature header.
const HeaderCastleSignature = "X-Castle-Signature"

var castleSpec = spec{
	build:      bodyMACPreset("sha256", "base64", "", extractCastle, HeaderCastleSignature),
	scheme:     "X-Castle-Signature: base64 HMAC-SHA256(body)",
	secret:     "API secret",
	sigHeaders: []string{HeaderCastleSignature},
}

// Castle: X-Castle-Signature, base64 HMAC-SHA256 of the body with the API
// secret.
func extractCastle(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "type")
	ev.Subject = field(m, "data.user_id")
	ev.ObjectType = "user"
	ev.ObjectID = ev.Subject
	ev.Time = timeField(m, "created_at")
	return nil
}
