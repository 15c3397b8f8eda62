package core

import (
	"time"
)

// HeaderMuxSignature is Mux's signature header.
const HeaderMuxSignature = "Mux-Signature"

var muxSpec = spec{
	build:      newMux,
	scheme:     "Mux-Signature: t=,v1=hex HMAC-SHA256(t.body), 5 min window",
	secret:     "webhook signing secret",
	sigHeaders: []string{HeaderMuxSignature},
}

// Mux: "Mux-Signature: t=<unix s>,v1=<hex>" where v1 is the hex
// HMAC-SHA256 of "t.body" keyed with the webhook signing secret (used
// verbatim). Window: 300 s both ways (the SDK's default tolerance).
func newMux(c *Config) (Provider, error) {
	return tv1Preset(stripeLike(HeaderMuxSignature, "v1"), 5*time.Minute, muxEvent)(c)
}

func muxEvent(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "id")
	ev.Type = field(m, "type")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	if ot := field(m, "object.type"); ot != "" {
		ev.ObjectType = ot
	}
	ev.ObjectID = field(m, "object.id")
	ev.Subject = field(m, "environment.id")
	if t2 := timeField(m, "created_at"); !t2.IsZero() {
		ev.Time = t2
	}
	return nil
}
