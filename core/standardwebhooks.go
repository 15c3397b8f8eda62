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

// Standard Webhooks: webhook-signature is a space-separated list of
// "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>"; the key is the
// base64-decoded secret after its "whsec_" prefix; 5-minute window both ways.
type standardWebhooks struct {
	keys [][]byte
	tol  time.Duration
}

func newStandardWebhooks(c *Config) (Provider, error) {
	keys, err := decodedKeys(c, "base64", "whsec_")
	if err != nil {
		return nil, err
	}
	return &standardWebhooks{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
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
	ev.strip = []string{HeaderSvixID, HeaderSvixTimestamp}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "type")
		if t2 := timeField(m, "timestamp"); !t2.IsZero() {
			ev.Time = t2
		}
		ev.ObjectType, ev.Action = splitType(ev.Type)
	}
	return &Result{Event: ev}, nil
}
