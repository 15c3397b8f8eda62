package core

import (
	"net/http"
	"time"
)

// HeaderCalendlySignature is Calendly's signature header.
const HeaderCalendlySignature = "Calendly-Webhook-Signature"

// Calendly: Calendly-Webhook-Signature = "t=<unix>,v1=<hex>", v1 being the
// hex HMAC-SHA256 of "t.body" keyed with the webhook signing key. Calendly's
// own example rejects t older than 3 minutes; this provider checks 3 minutes
// both ways by default. Calendly sends no delivery id, so deliveries are not
// deduplicated. No options.
type calendly struct {
	keys [][]byte
	tol  time.Duration
}

func newCalendly(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &calendly{keys: keys, tol: tolerance(c, 3*time.Minute)}, nil
}

func (p *calendly) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	t, err := verifyTV1(r, HeaderCalendlySignature, p.keys, p.tol, "t", "v1", ",", ".", unitSeconds)
	if err != nil {
		return nil, err
	}
	ev := &Event{Time: t}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "event") // invitee.created, invitee.canceled, ...
		ev.ObjectType, ev.Action = splitType(ev.Type)
		ev.ObjectID = field(m, "payload.uri")
		ev.Subject = firstField(m, "payload.scheduled_event.uri", "payload.event")
		if t2 := timeField(m, "created_at"); !t2.IsZero() {
			ev.Time = t2
		}
	}
	return &Result{Event: ev}, nil
}
