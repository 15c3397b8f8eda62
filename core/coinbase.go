package core

import (
	"strings"
)

// HeaderCoinbaseSignature is Coinbase Commerce's signature header.
const HeaderCoinbaseSignature = "X-CC-Webhook-Signature"

// Coinbase Commerce: X-CC-Webhook-Signature is the hex HMAC-SHA256 of the raw
// body keyed with the shared secret from Settings. event.id is the delivery
// id; event.type ("charge:confirmed") the type. The newer Coinbase Developer
// Platform scheme (X-Hook0-Signature) is not covered.
var coinbaseSpec = bodyMACSpec(spec{
	scheme:  "X-CC-Webhook-Signature: hex HMAC-SHA256(body) (Coinbase Commerce)",
	secret:  "webhook shared secret",
	aliases: []string{"coinbase_commerce"},
}, bodyMACScheme{headers: []string{HeaderCoinbaseSignature}, alg: "sha256", enc: "hex"}, coinbaseEvent)

func coinbaseEvent(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.DeliveryID = field(m, "event.id")
	ev.Type = field(m, "event.type")
	if i := strings.LastIndex(ev.Type, ":"); i > 0 {
		// Separate statements: Yaegi drops the first value of a parallel
		// assignment to fields whose right side calls a function.
		ev.ObjectType = ev.Type[:i]
		ev.Action = actionOf(ev.Type[i+1:])
	} else {
		ev.Action = actionOf(ev.Type)
	}
	ev.ObjectID = field(m, "event.data.id")
	ev.Subject = field(m, "event.data.code")
	ev.Time = timeField(m, "event.created_at")
	return nil, nil
}
