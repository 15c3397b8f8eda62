package core

import (
	"net/http"
	"time"
)

// HeaderMuxSignature is Mux's signature header.
const HeaderMuxSignature = "Mux-Signature"

// Mux: "Mux-Signature: t=<unix s>,v1=<hex>" where v1 is the hex
// HMAC-SHA256 of "t.body" keyed with the webhook signing secret (used
// verbatim). Window: 300 s both ways (the SDK's default tolerance).
type mux struct {
	keys [][]byte
	tol  time.Duration
}

func newMux(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &mux{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *mux) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	t, err := verifyTV1(r, HeaderMuxSignature, p.keys, p.tol, "t", "v1", ",", ".", unitSeconds)
	if err != nil {
		return nil, err
	}
	ev := &Event{Time: t}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
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
	}
	return &Result{Event: ev}, nil
}
