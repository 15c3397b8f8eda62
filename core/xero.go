package core

import (
	"crypto/sha256"
	"net/http"
	"strings"
)

// HeaderXeroSignature is Xero's signature header.
const HeaderXeroSignature = "X-Xero-Signature"

var xeroSpec = spec{
	build:      newXero,
	handshake:  "Intent to Receive: signed probes with no events answered 200, bad signatures 401",
	scheme:     "x-xero-signature: base64 HMAC-SHA256(body); every failure 401",
	secret:     "webhook key",
	sigHeaders: []string{HeaderXeroSignature},
	authStatus: 401,
}

// Xero: x-xero-signature = base64 HMAC-SHA256(webhook key, body). Every
// authentication failure is 401, as the Intent to Receive check requires.
// Intent to Receive probes (a signed envelope with an empty "events" array)
// are answered at the edge with an empty 200 once their signature verifies,
// so the check does not depend on the upstream.
type xero struct {
	keys [][]byte
}

func newXero(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &xero{keys: keys}, nil
}

func (p *xero) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "base64", "", r.Header.Values(HeaderXeroSignature), r.Body); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	e := firstObject(m, "events")
	if e == nil {
		return &Result{Reply: &Reply{Status: http.StatusOK, Header: textHeader()}}, nil
	}
	ev := &Event{Payload: m}
	cat, typ := field(e, "eventCategory"), field(e, "eventType")
	ev.Type = cat + "." + typ
	ev.ObjectType = strings.ToLower(cat)
	ev.ObjectID = field(e, "resourceId")
	ev.Subject = field(e, "tenantId")
	ev.Action = actionOf(typ)
	ev.Time = layoutTime(field(e, "eventDateUtc"), "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999")
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
