package core

import (
	"crypto/sha256"
	"net/http"
)

// Razorpay header names.
const (
	HeaderRazorpaySignature = "X-Razorpay-Signature"
	HeaderRazorpayEventID   = "X-Razorpay-Event-Id"
)

var razorpaySpec = spec{
	build:      newRazorpay,
	scheme:     "X-Razorpay-Signature: hex HMAC-SHA256(body)",
	secret:     "webhook secret",
	sigHeaders: []string{HeaderRazorpaySignature},
}

// Razorpay: X-Razorpay-Signature is the hex HMAC-SHA256 of the raw body keyed
// with the webhook secret (not the API key secret). X-Razorpay-Event-Id stays
// the same on retries and is the delivery id.
type razorpay struct {
	keys [][]byte
}

func newRazorpay(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &razorpay{keys: keys}, nil
}

func (p *razorpay) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", r.Header.Values(HeaderRazorpaySignature), r.Body); err != nil {
		return nil, err
	}
	ev := &Event{DeliveryID: r.Header.Get(HeaderRazorpayEventID)}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "event")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		if ev.ObjectType != "" {
			ev.ObjectID = field(m, "payload."+ev.ObjectType+".entity.id")
		}
		ev.Subject = field(m, "account_id")
		ev.Time = timeField(m, "created_at")
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
