package core

import (
	"time"
)

// HeaderHostedHooksSig is the signature header.
const HeaderHostedHooksSig = "Hostedhooks-Signature"

var hostedhooksSpec = spec{
	build:      tv1Preset(stripeLike(HeaderHostedHooksSig, "s"), 5*time.Minute, extractHostedHooks),
	scheme:     "HostedHooks-Signature: t=,s=hex HMAC-SHA256(t.body), 5 min window",
	secret:     "endpoint signing secret",
	sigHeaders: []string{HeaderHostedHooksSig},
}

// HostedHooks: HostedHooks-Signature: t=<unix>,s=<hex HMAC-SHA256(endpoint
// signing secret, t.body)>; retries are re-signed with a new timestamp, and
// the message's event_id (unique per app) is the dedup key.
func extractHostedHooks(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "event_id")
	ev.Type = field(m, "event_type")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	return nil
}
