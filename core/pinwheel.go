package core

import (
	"net/http"
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

// pinwheelScheme is X-Pinwheel-Signature: v2 over X-Timestamp (seconds or
// milliseconds).
var pinwheelScheme = tsMAC{sigHeader: HeaderPinwheelSignature, tsHeader: HeaderPinwheelTimestamp, prefix: "v2=", head: "v2:", unit: unitAuto, trim: true}

func (p *pinwheel) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	t, err := pinwheelScheme.verify(r, p.keys, p.tol, r.Body)
	if err != nil {
		return nil, err
	}
	ev := &Event{Time: t, strip: []string{HeaderPinwheelSignature}}
	ev.signedKey(t.String(), r.Body, p.tol)
	return extracted(r, ev, pinwheelEvent)
}

// pinwheelEvent reads the delivery's JSON fields.
var pinwheelEvent = fromJSON(jsonFields{
	id: "event_id", typ: "event", split: true, objectID: "payload.account_id", subject: []string{"payload.end_user_id"},
})
