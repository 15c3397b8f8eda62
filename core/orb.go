package core

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// Header names.
const (
	HeaderOrbSignature = "X-Orb-Signature"
	HeaderOrbTimestamp = "X-Orb-Timestamp"
)

var orbSpec = spec{
	builder:    newOrb,
	scheme:     "X-Orb-Signature: v1=hex HMAC-SHA256(v1:X-Orb-Timestamp:body), ISO 8601 UTC timestamp, 5 min window",
	secret:     "webhook secret",
	sigHeaders: []string{HeaderOrbSignature},
}

// Orb: X-Orb-Signature holds space-separated "v1=<hex HMAC-SHA256(secret,
// "v1:" + X-Orb-Timestamp + ":" + body)>"; X-Orb-Timestamp is an ISO 8601
// date-time without offset, in UTC. The official SDKs allow 5 minutes both
// ways. The event id is the dedup key.
type orb struct {
	keys [][]byte
	tol  time.Duration
}

func newOrb(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &orb{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *orb) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	hv := r.Header.Values(HeaderOrbSignature)
	if len(hv) == 0 {
		return nil, ErrMissingSignature
	}
	ts := r.Header.Get(HeaderOrbTimestamp)
	t, err := parseLocalUTC(ts)
	if err != nil {
		return nil, err
	}
	var sigs []string
	for _, h := range hv {
		sigs = append(sigs, sigList(h, " ", "=", "v1")...)
	}
	if len(sigs) == 0 {
		return nil, ErrMalformedSignature
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", sigs, []byte("v1:"), []byte(ts), []byte(":"), r.Body); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{Time: t, strip: []string{HeaderOrbSignature, HeaderOrbTimestamp}}
	ev.signedKey(ts, r.Body, p.tol)
	return extracted(r, ev, orbEvent)
}

// orbEvent reads the delivery's JSON fields.
var orbEvent = fromJSON(jsonFields{
	id: "id", typ: "type", split: true, time: "created_at",
})
