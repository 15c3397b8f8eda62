package core

import (
	"crypto/sha256"
	"net/http"
)

// HeaderPagerDutySignature is PagerDuty's (Webhooks v3) signature header.
const HeaderPagerDutySignature = "X-PagerDuty-Signature"

// PagerDuty (Webhooks v3): X-PagerDuty-Signature is a comma-separated list of
// "v1=<hex HMAC-SHA256(subscription secret, body)>" (one per active secret);
// any match passes. event.id in the body is the delivery id.
type pagerduty struct {
	keys [][]byte
}

func newPagerDuty(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &pagerduty{keys: keys}, nil
}

func (p *pagerduty) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	hv := r.Header.Values(HeaderPagerDutySignature)
	if len(hv) == 0 {
		return nil, ErrMissingSignature
	}
	var sigs []string
	for _, h := range hv {
		sigs = append(sigs, sigList(h, ",", "=", "v1")...)
	}
	if len(sigs) == 0 {
		return nil, ErrMalformedSignature
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", sigs, r.Body); err != nil {
		return nil, err
	}
	ev := &Event{}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "event.id")
		ev.Type = field(m, "event.event_type")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		if rt := field(m, "event.resource_type"); rt != "" {
			ev.ObjectType = rt
		}
		ev.ObjectID = field(m, "event.data.id")
		ev.Subject = field(m, "event.data.service.id")
		ev.Time = timeField(m, "event.occurred_at")
	}
	return &Result{Event: ev}, nil
}
