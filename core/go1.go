package core

import (
	"time"
)

// HeaderGo1Signature is the signature header.
const HeaderGo1Signature = "Go1-Signature"

var go1Spec = spec{
	build:      tv1Preset(stripeLike(HeaderGo1Signature, "v1"), 60*time.Second, extractGo1),
	scheme:     "go1-signature: t=,v1=hex HMAC-SHA256(t.body), 60 s window",
	secret:     "webhook shared secret",
	sigHeaders: []string{HeaderGo1Signature},
}

// Go1: go1-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>; the
// official verifier (go1com/webhook-verifier-js) allows 60 seconds. The event
// id is unchanged across attempts (attempt_number counts them).
func extractGo1(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "id")
	ev.Type = field(m, "event_type")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	ev.ObjectID = field(m, "data.id")
	ev.Subject = field(m, "webhook_id")
	return nil
}
