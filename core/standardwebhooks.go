package core

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// Standard Webhooks header names (Svix sends the same scheme as svix-*).
const (
	HeaderSvixID        = "Svix-Id"
	HeaderSvixTimestamp = "Svix-Timestamp"
	HeaderSvixSignature = "Svix-Signature"
)

// standardWebhooksSpec reads the payload shape the Standard Webhooks spec
// recommends: {"type": "a.b", "timestamp": "<RFC 3339>", "data": {...}}.
var standardWebhooksSpec = swSpec(spec{
	scheme:  "webhook-signature (or svix-signature): v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
	secret:  "whsec_ signing secret",
	aliases: []string{"standardwebhooks"},
}, fromJSON(jsonFields{typ: "type", split: true, time: "timestamp"}))

// Standard Webhooks: webhook-signature is a space-separated list of
// "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>"; the key is the
// base64-decoded secret after its "whsec_" prefix; 5-minute window both ways.
// Svix (and Clerk, Resend) send the same scheme under svix-* names, Brex
// under webhook-* names: they share this provider and differ only in how
// the event's fields are read (extract).
type standardWebhooks struct {
	keys    [][]byte
	tol     time.Duration
	extract extractFunc
}

// swSpec completes s as a Standard Webhooks provider whose payload is read
// by extract: its build, and both signature headers removed before
// forwarding.
func swSpec(s spec, extract extractFunc) spec {
	s.builder = func(c *Config) (Provider, error) {
		keys, err := decodedKeys(c, "base64", "whsec_")
		if err != nil {
			return nil, err
		}
		return &standardWebhooks{keys: keys, tol: tolerance(c, 5*time.Minute), extract: extract}, nil
	}
	s.sigHeaders = []string{HeaderWebhookSignature, HeaderSvixSignature}
	return s
}

// swHeaders returns id, timestamp and signature from webhook-* or svix-* names.
func swHeaders(h http.Header) (string, string, []string) {
	if h.Get(HeaderWebhookID) != "" || len(h.Values(HeaderWebhookSignature)) > 0 {
		return h.Get(HeaderWebhookID), h.Get(HeaderWebhookTimestamp), h.Values(HeaderWebhookSignature)
	}
	return h.Get(HeaderSvixID), h.Get(HeaderSvixTimestamp), h.Values(HeaderSvixSignature)
}

// verifySW checks a Standard Webhooks signed request and returns its id and time.
func verifySW(r *Request, keys [][]byte, tol time.Duration) (string, time.Time, error) {
	id, ts, sigHeader := swHeaders(r.Header)
	if len(sigHeader) == 0 {
		return "", time.Time{}, ErrMissingSignature
	}
	if id == "" {
		return "", time.Time{}, ErrMalformedSignature
	}
	t, err := parseTime(ts, unitSeconds)
	if err != nil {
		return "", time.Time{}, err
	}
	var sigs []string
	for _, h := range sigHeader {
		sigs = append(sigs, sigList(h, " ", ",", "v1")...)
	}
	if err := anyMAC(sha256.New, keys, "base64", "", sigs, []byte(id), []byte("."), []byte(ts), []byte("."), r.Body); err != nil {
		return "", time.Time{}, err
	}
	if err := checkWindow(t, r.Now, tol); err != nil {
		return "", time.Time{}, err
	}
	return id, t, nil
}

func (p *standardWebhooks) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	id, t, err := verifySW(r, p.keys, p.tol)
	if err != nil {
		return nil, err
	}
	ev := &Event{DeliveryID: id, Time: t}
	// The sender's id and timestamp go; re-signing sets webhook-id/-timestamp anew.
	ev.strip = []string{HeaderSvixID, HeaderSvixTimestamp, HeaderWebhookID, HeaderWebhookTimestamp}
	return extracted(r, ev, p.extract)
}
