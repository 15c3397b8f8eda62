package core

import (
	"net/http"
	"time"
)

// Header names.
const (
	HeaderAirshipSignature = "X-Ua-Signature"
	HeaderAirshipTimestamp = "X-Ua-Timestamp"
)

var airshipSpec = spec{
	builder:    newAirship,
	handshake:  "signed GET validation request answered 200",
	scheme:     "X-UA-Signature: hex HMAC-SHA256(X-UA-Timestamp:body), 5 min window (window unconfirmed)",
	secret:     "signature hash secret",
	sigHeaders: []string{HeaderAirshipSignature},
	aliases:    []string{"urbanairship"},
}

// Airship (Open Channel and custom webhooks with "Signature Hash"):
// X-UA-Signature = hex HMAC-SHA256(secret, X-UA-Timestamp + ":" + body),
// timestamp in unix seconds. Airship's GET validation request is signed over
// an empty body and answered 200 at the edge once its signature checks.
type airship struct {
	keys [][]byte
	tol  time.Duration
}

func newAirship(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &airship{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

// airshipScheme is X-UA-Signature over X-UA-Timestamp ":" body.
var airshipScheme = tsMAC{sigHeader: HeaderAirshipSignature, tsHeader: HeaderAirshipTimestamp, unit: unitSeconds}

func (p *airship) Verify(r *Request) (*Result, error) {
	if r.Method != http.MethodGet {
		if err := wantMethod(r, http.MethodPost); err != nil {
			return nil, err
		}
	}
	body := r.Body
	if r.Method == http.MethodGet {
		body = nil
	}
	t, err := airshipScheme.verify(r, p.keys, p.tol, body)
	if err != nil {
		return nil, err
	}
	if r.Method == http.MethodGet {
		return textReply(""), nil
	}
	ev := &Event{Time: t, strip: []string{HeaderAirshipSignature, HeaderAirshipTimestamp}, Type: "push"}
	if m := jsonBody(r, ev); m != nil {
		if ty := field(m, "type"); ty != "" {
			ev.Type = ty
		}
		ev.Subject = field(m, "app_key")
	}
	ev.signedKey(t.String(), r.Body, p.tol)
	return &Result{Event: ev}, nil
}
