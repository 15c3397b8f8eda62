package core

// Header names.
const (
	HeaderModernTreasurySig = "X-Signature"
	HeaderModernTreasuryTop = "X-Topic"
)

var modernTreasurySpec = bodyMACSpec(spec{
	scheme:  "X-Signature: hex HMAC-SHA256(body)",
	secret:  "webhook key",
	aliases: []string{"moderntreasury"},
}, bodyMACScheme{headers: []string{HeaderModernTreasurySig}, alg: "sha256", enc: "hex"}, extractModernTreasury)

// Modern Treasury: X-Signature, hex HMAC-SHA256 of the body with the
// webhook key; X-Topic names the object type.
func extractModernTreasury(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	topic := r.Header.Get(HeaderModernTreasuryTop)
	ev.ObjectType = topic
	if m == nil {
		ev.Type = topic
		ev.unsignedType()
		return nil, nil
	}
	event := field(m, "event")
	ev.Type = topic
	if event != "" && topic != "" {
		ev.Type = topic + "." + event
	} else if event != "" {
		ev.Type = event
	}
	if topic != "" {
		ev.unsignedType() // X-Topic is not signed
	}
	ev.Action = actionOf(event)
	ev.ObjectID = field(m, "data.id")
	return nil, nil
}
