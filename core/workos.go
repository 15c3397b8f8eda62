package core

import (
	"net/http"
	"time"
)

// HeaderWorkOSSignature is WorkOS's signature header.
const HeaderWorkOSSignature = "WorkOS-Signature"

// WorkOS: "WorkOS-Signature: t=<unix ms>, v1=<hex>" where v1 is the hex
// HMAC-SHA256 of "t.body" keyed with the endpoint secret. Window: 180 s both
// ways (DEFAULT_TOLERANCE of the official workos-python SDK). The body id is
// the event id and the delivery id.
type workos struct {
	keys [][]byte
	tol  time.Duration
}

func newWorkOS(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &workos{keys: keys, tol: tolerance(c, 180*time.Second)}, nil
}

func (p *workos) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	t, err := verifyTV1(r, HeaderWorkOSSignature, p.keys, p.tol, "t", "v1", ",", ".", unitMillis)
	if err != nil {
		return nil, err
	}
	ev := &Event{Time: t}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "id")
		ev.Type = field(m, "event")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		if obj := field(m, "data.object"); obj != "" {
			ev.ObjectType = obj
		}
		ev.ObjectID = field(m, "data.id")
		ev.Subject = field(m, "data.organization_id")
		if t2 := timeField(m, "created_at"); !t2.IsZero() {
			ev.Time = t2
		}
	}
	return &Result{Event: ev}, nil
}
