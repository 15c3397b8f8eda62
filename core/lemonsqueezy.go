package core

import (
	"strings"
)

// Lemon Squeezy header names.
const (
	HeaderLemonSqueezySignature = "X-Signature"
	HeaderLemonSqueezyEvent     = "X-Event-Name"
)

// Lemon Squeezy: X-Signature = hex HMAC-SHA256 of the raw body, keyed with
// the signing secret. No timestamp is signed and no delivery id is
// documented, so deliveries are not deduplicated. The type is
// meta.event_name ("order_created"). Lemon Squeezy counts only 200 as
// success. No options.
var lemonSqueezySpec = bodyMACSpec(spec{
	scheme:  "X-Signature: hex HMAC-SHA256(body)",
	secret:  "signing secret",
	only200: true,
	aliases: []string{"lemonsqueezy"},
}, bodyMACScheme{headers: []string{HeaderLemonSqueezySignature}, alg: "sha256", enc: "hex"}, lemonSqueezyEvent)

func lemonSqueezyEvent(r *Request, ev *Event) (*Reply, error) {
	ev.Type = r.Header.Get(HeaderLemonSqueezyEvent)
	ev.unsignedType()
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		if t := field(m, "meta.event_name"); t != "" {
			ev.Type = t // the body's, which the signature covers
			ev.typeSource = ""
		}
		ev.ObjectType = field(m, "data.type")
		ev.ObjectID = field(m, "data.id")
		ev.Subject = field(m, "data.attributes.store_id")
		ev.Time = timeField(m, "data.attributes.updated_at")
	}
	if i := strings.LastIndex(ev.Type, "_"); i >= 0 {
		ev.Action = actionOf(ev.Type[i+1:])
		if ev.ObjectType == "" {
			ev.ObjectType = ev.Type[:i]
		}
	}
	return nil, nil
}
