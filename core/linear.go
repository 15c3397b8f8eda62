package core

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// Linear header names.
const (
	HeaderLinearSignature = "Linear-Signature"
	HeaderLinearDelivery  = "Linear-Delivery"
	HeaderLinearEvent     = "Linear-Event"
)

var linearSpec = spec{
	builder:    newLinear,
	scheme:     "Linear-Signature: hex HMAC-SHA256(body); body webhookTimestamp (ms), 60 s window",
	secret:     "webhook signing secret",
	sigHeaders: []string{"Linear-Signature"},
}

// Linear: Linear-Signature = hex HMAC-SHA256 of the raw body, keyed with the
// webhook signing secret. The signed body carries webhookTimestamp (unix
// milliseconds); @linear/sdk rejects it when more than 60 s off either way,
// and so does this provider by default. The unsigned Linear-Timestamp header
// is not used. The delivery id is the Linear-Delivery header. No options.
type linear struct {
	keys [][]byte
	tol  time.Duration
}

func newLinear(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &linear{keys: keys, tol: tolerance(c, 60*time.Second)}, nil
}

func (p *linear) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", r.Header.Values(HeaderLinearSignature), r.Body); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	t, err := parseTime(field(m, "webhookTimestamp"), unitMillis)
	if err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{
		DeliveryID: r.Header.Get(HeaderLinearDelivery),
		Payload:    m,
		Type:       field(m, "type"), // entity: Issue, Comment, Project...
		ObjectID:   field(m, "data.id"),
		Subject:    field(m, "organizationId"),
		Time:       timeField(m, "createdAt"),
	}
	if ev.Type == "" {
		ev.Type = r.Header.Get(HeaderLinearEvent)
		ev.unsignedType()
	}
	ev.ObjectType = ev.Type
	ev.Action = actionOf(field(m, "action")) // create, update, remove
	if ev.Time.IsZero() {
		ev.Time = t
	}
	ev.signedKey("", r.Body, p.tol)
	return &Result{Event: ev}, nil
}
