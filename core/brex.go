package core

import (
	"net/http"
	"time"
)

// Brex signs webhooks the Standard Webhooks way (Webhook-Id,
// Webhook-Timestamp, Webhook-Signature: space-separated v1,<base64
// HMAC-SHA256(key, id.timestamp.body)>); the key is the base64 secret that
// GET /v1/webhooks/secrets returns (a "whsec_" prefix is accepted too). Brex
// lists two secrets while it rotates them: configure both. 5-minute window.
type brex struct {
	keys [][]byte
	tol  time.Duration
}

func newBrex(c *Config) (Provider, error) {
	keys, err := decodedKeys(c, "base64", "whsec_")
	if err != nil {
		return nil, err
	}
	return &brex{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *brex) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	id, t, err := verifySW(r, p.keys, p.tol)
	if err != nil {
		return nil, err
	}
	ev := &Event{DeliveryID: id, Time: t}
	if m := jsonBody(r, ev); m != nil {
		ev.Type = field(m, "event_type")
		ev.Subject = field(m, "company_id")
		for _, k := range []string{"expense", "transfer", "user", "card", "referral"} {
			if v := field(m, k+"_id"); v != "" {
				ev.ObjectType = k
				ev.ObjectID = v
				break
			}
		}
		ev.Action = actionOf(ev.Type)
	}
	return &Result{Event: ev}, nil
}
