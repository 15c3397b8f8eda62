package core

import (
	"strings"
)

// HeaderAlchemySignature is the signature header.
const HeaderAlchemySignature = "X-Alchemy-Signature"

var alchemySpec = bodyMACSpec(spec{
	scheme: "X-Alchemy-Signature: hex HMAC-SHA256(body)",
	secret: "webhook signing key",
}, bodyMACScheme{headers: []string{HeaderAlchemySignature}, alg: "sha256", enc: "hex"}, extractAlchemy)

// Alchemy Notify: X-Alchemy-Signature, hex HMAC-SHA256 of the body with the
// webhook's signing key. The event id (whevt_...) is the dedup key.
func extractAlchemy(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.DeliveryID = field(m, "id")
	ev.Type = field(m, "type")
	ev.Subject = field(m, "webhookId")
	ev.ObjectType = strings.ToLower(ev.Type)
	ev.Time = timeField(m, "createdAt")
	return nil, nil
}
