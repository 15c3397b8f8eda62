package core

import (
	"crypto/sha256"
	"net/http"
	"strings"
	"time"
)

// Zendesk header names.
const (
	HeaderZendeskSignature    = "X-Zendesk-Webhook-Signature"
	HeaderZendeskTimestamp    = "X-Zendesk-Webhook-Signature-Timestamp"
	HeaderZendeskWebhookID    = "X-Zendesk-Webhook-Id"
	HeaderZendeskInvocationID = "X-Zendesk-Webhook-Invocation-Id"
)

// ZendeskTestSecret is the static signing secret of Zendesk's "Test webhook"
// deliveries (used verbatim as the key, not base64-decoded). Configure it as
// a secret only while testing.
const ZendeskTestSecret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="

var zendeskSpec = spec{
	builder:    newZendesk,
	scheme:     "X-Zendesk-Webhook-Signature: base64 HMAC-SHA256(timestamp + body), RFC 3339 timestamp, 5 min window",
	secret:     "webhook signing secret (used verbatim)",
	sigHeaders: []string{HeaderZendeskSignature},
}

// Zendesk (webhooks v2): X-Zendesk-Webhook-Signature is the base64
// HMAC-SHA256 of timestamp + body (no separator), keyed with the webhook
// signing secret used verbatim; the timestamp is
// X-Zendesk-Webhook-Signature-Timestamp (RFC 3339). Window: 5 minutes both
// ways (Zendesk states none). The event id of event-subscribed webhooks is
// the delivery id, else the invocation id.
type zendesk struct {
	keys [][]byte
	tol  time.Duration
}

func newZendesk(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &zendesk{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *zendesk) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigs := r.Header.Values(HeaderZendeskSignature)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	ts := r.Header.Get(HeaderZendeskTimestamp)
	t, err := parseTime(ts, unitRFC3339)
	if err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "base64", "", sigs, []byte(ts), r.Body); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{Time: t, DeliveryID: r.Header.Get(HeaderZendeskInvocationID)}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		if id := field(m, "id"); id != "" && strings.HasPrefix(field(m, "type"), "zen:event-type:") {
			ev.DeliveryID = id
		}
		ev.Type = field(m, "type")
		if ev.Type == "" {
			ev.Type = field(m, "event")
		}
		ev.ObjectType, ev.Action = splitType(strings.TrimPrefix(ev.Type, "zen:event-type:"))
		// subject "zen:ticket:5158": object type and id.
		ev.Subject = field(m, "subject")
		if parts := strings.Split(ev.Subject, ":"); len(parts) == 3 && parts[0] == "zen" {
			ev.ObjectType, ev.ObjectID = parts[1], parts[2]
		}
		if t2 := timeField(m, "time"); !t2.IsZero() {
			ev.Time = t2
		}
	}
	ev.signedKey(ts, r.Body, p.tol)
	return &Result{Event: ev}, nil
}
