package core

import (
	"crypto/sha256"
	"net/http"
	"strings"
	"time"
)

// Header names.
const (
	HeaderPinwheelSignature = "X-Pinwheel-Signature"
	HeaderPinwheelTimestamp = "X-Timestamp"
)

var pinwheelSpec = spec{
	builder:    newPinwheel,
	scheme:     "X-Pinwheel-Signature: v2=hex HMAC-SHA256(v2:X-Timestamp:body), 5 min window (window unconfirmed)",
	secret:     "API secret",
	sigHeaders: []string{HeaderPinwheelSignature},
}

// Pinwheel: X-Pinwheel-Signature: v2=<hex HMAC-SHA256(API secret,
// "v2:" + X-Timestamp + ":" + body)>. X-Timestamp may be seconds or
// milliseconds. The event_id is the dedup key.
type pinwheel struct {
	keys [][]byte
	tol  time.Duration
}

func newPinwheel(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &pinwheel{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *pinwheel) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigs := r.Header.Values(HeaderPinwheelSignature)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	ts := strings.TrimSpace(r.Header.Get(HeaderPinwheelTimestamp))
	t, err := parseTime(ts, unitAuto)
	if err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "v2=", sigs, []byte("v2:"), []byte(ts), []byte(":"), r.Body); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{Time: t, strip: []string{HeaderPinwheelSignature}}
	if m := jsonBody(r, ev); m != nil {
		ev.DeliveryID = field(m, "event_id")
		ev.Type = field(m, "event")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		ev.Subject = field(m, "payload.end_user_id")
		ev.ObjectID = field(m, "payload.account_id")
	}
	ev.signedKey(ts, r.Body, p.tol)
	return &Result{Event: ev}, nil
}
