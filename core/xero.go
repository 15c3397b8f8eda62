package core

import (
	"net/http"
	"strings"
)

// HeaderXeroSignature is Xero's signature header.
const HeaderXeroSignature = "X-Xero-Signature"

// Xero: x-xero-signature = base64 HMAC-SHA256(webhook key, body). Every
// authentication failure is 401, as the Intent to Receive check requires.
// Intent to Receive probes (a signed envelope with an empty "events" array)
// are answered at the edge with an empty 200 once their signature verifies,
// so the check does not depend on the upstream.
var xeroSpec = bodyMACSpec(spec{
	handshake:  "Intent to Receive: signed probes with no events answered 200, bad signatures 401",
	scheme:     "x-xero-signature: base64 HMAC-SHA256(body); every failure 401",
	secret:     "webhook key",
	authStatus: 401,
}, bodyMACScheme{headers: []string{HeaderXeroSignature}, alg: "sha256", enc: "base64"}, xeroEvent)

func xeroEvent(r *Request, ev *Event) (*Reply, error) {
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	e := firstObject(m, "events")
	if e == nil {
		return &Reply{Status: http.StatusOK, Header: textHeader()}, nil
	}
	ev.Payload = m
	cat, typ := field(e, "eventCategory"), field(e, "eventType")
	ev.Type = cat + "." + typ
	ev.ObjectType = strings.ToLower(cat)
	ev.ObjectID = field(e, "resourceId")
	ev.Subject = field(e, "tenantId")
	ev.Action = actionOf(typ)
	ev.Time = layoutTime(field(e, "eventDateUtc"), "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999")
	return nil, nil
}
