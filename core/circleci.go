package core

import (
	"crypto/sha256"
	"net/http"
)

// CircleCI header names.
const (
	HeaderCircleCISignature = "Circleci-Signature"
	HeaderCircleCIEventType = "Circleci-Event-Type"
)

// CircleCI: circleci-signature is a comma-separated list of versioned
// signatures, today only "v1=<hex HMAC-SHA256(signing secret, body)>". The
// body id is the delivery id (CircleCI: "use the id property to detect
// duplicates").
type circleci struct {
	keys [][]byte
}

func newCircleCI(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &circleci{keys: keys}, nil
}

func (p *circleci) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	hv := r.Header.Values(HeaderCircleCISignature)
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
	ev := &Event{Type: r.Header.Get(HeaderCircleCIEventType)}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "id")
		if t := field(m, "type"); t != "" {
			ev.Type = t
		}
		ev.Time = timeField(m, "happened_at")
		ev.Subject = field(m, "project.slug")
		for _, k := range []string{"job", "workflow"} {
			if id := field(m, k+".id"); id != "" {
				ev.ObjectType, ev.ObjectID = k, id
				ev.Action = actionOf(field(m, k+".status"), ev.Type)
				break
			}
		}
	}
	return &Result{Event: ev}, nil
}
