package core

import (
	"net/http"
	"strings"
)

// Header names.
const (
	HeaderOrbitSignature = "X-Orbit-Signature"
	HeaderOrbitEventID   = "X-Orbit-Event-Id"
	HeaderOrbitEventType = "X-Orbit-Event-Type"
)

var orbitSpec = spec{
	builder:    newOrbit,
	scheme:     "X-Orbit-Signature equal to the secret (token, the body is not signed)",
	secret:     "webhook secret",
	sigHeaders: []string{HeaderOrbitSignature},
}

// Orbit: X-Orbit-Signature carries the webhook's secret itself (a token, not
// an HMAC); X-Orbit-Event-Id is the dedup key.
type orbit struct{ secrets []string }

func newOrbit(c *Config) (Provider, error) {
	s, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	return &orbit{secrets: s}, nil
}

func (p *orbit) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	got := r.Header.Get(HeaderOrbitSignature)
	if err := checkToken(p.secrets, got); err != nil {
		return nil, err
	}
	ev := &Event{DeliveryID: r.Header.Get(HeaderOrbitEventID), Type: r.Header.Get(HeaderOrbitEventType)}
	ev.unsignedType()
	if i := strings.LastIndex(ev.Type, ":"); i > 0 {
		ev.ObjectType = ev.Type[:i]
		ev.Action = actionOf(ev.Type[i+1:])
	}
	if m := jsonBody(r, ev); m != nil {
		ev.ObjectID = field(m, "data.id")
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
