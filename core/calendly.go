package core

import (
	"time"
)

// HeaderCalendlySignature is Calendly's signature header.
const HeaderCalendlySignature = "Calendly-Webhook-Signature"

var calendlySpec = spec{
	build:      newCalendly,
	scheme:     "Calendly-Webhook-Signature: t=,v1=hex HMAC-SHA256(t.body), 3 min window",
	secret:     "webhook signing key",
	sigHeaders: []string{"Calendly-Webhook-Signature"},
}

// Calendly: Calendly-Webhook-Signature = "t=<unix>,v1=<hex>", v1 being the
// hex HMAC-SHA256 of "t.body" keyed with the webhook signing key. Calendly's
// own example rejects t older than 3 minutes; this provider checks 3 minutes
// both ways by default. Calendly sends no delivery id, so deliveries are not
// deduplicated. No options.
func newCalendly(c *Config) (Provider, error) {
	return tv1Preset(stripeLike(HeaderCalendlySignature, "v1"), 3*time.Minute, calendlyEvent)(c)
}

func calendlyEvent(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "event") // invitee.created, invitee.canceled, ...
	ev.ObjectType, ev.Action = splitType(ev.Type)
	ev.ObjectID = field(m, "payload.uri")
	ev.Subject = firstField(m, "payload.scheduled_event.uri", "payload.event")
	if t2 := timeField(m, "created_at"); !t2.IsZero() {
		ev.Time = t2
	}
	return nil
}
