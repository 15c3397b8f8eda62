package core

import (
	"crypto/sha256"
	"net/http"
	"strings"
	"time"
)

// Sentry header names.
const (
	HeaderSentrySignature = "Sentry-Hook-Signature"
	HeaderSentryResource  = "Sentry-Hook-Resource"
	HeaderSentryTimestamp = "Sentry-Hook-Timestamp"
	HeaderSentryRequestID = "Request-ID"
)

var sentrySpec = spec{
	builder:    newSentry,
	scheme:     "Sentry-Hook-Signature: hex HMAC-SHA256(body); Sentry-Hook-Timestamp (unsigned) within 5 min",
	secret:     "integration client secret",
	sigHeaders: []string{HeaderSentrySignature},
}

// Sentry (integration platform): Sentry-Hook-Signature is the hex
// HMAC-SHA256 of the raw body keyed with the integration's client secret.
// Sentry-Hook-Timestamp (unix seconds) is not signed; when present it must
// still be within the window (5 minutes both ways), which only bounds how
// stale a delivery may be. Request-ID is the delivery id.
type sentry struct {
	keys [][]byte
	tol  time.Duration
}

func newSentry(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &sentry{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *sentry) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", r.Header.Values(HeaderSentrySignature), r.Body); err != nil {
		return nil, err
	}
	ev := &Event{DeliveryID: r.Header.Get(HeaderSentryRequestID)}
	if ts := r.Header.Get(HeaderSentryTimestamp); ts != "" {
		// Sentry sends fractional seconds; the window is checked on the whole ones.
		ts = strings.TrimSpace(ts)
		if i := strings.IndexByte(ts, '.'); i > 0 {
			ts = ts[:i]
		}
		t, err := parseTime(ts, unitSeconds)
		if err != nil {
			return nil, err
		}
		if err := checkWindow(t, r.Now, p.tol); err != nil {
			return nil, err
		}
		ev.Time = t
	}
	resource := r.Header.Get(HeaderSentryResource)
	ev.ObjectType = resource
	ev.Type = resource
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		act := field(m, "action")
		if act != "" && resource != "" {
			ev.Type = resource + "." + act
		}
		ev.Action = actionOf(act)
		ev.Subject = field(m, "installation.uuid")
		for _, k := range []string{"issue", "error", "event", "comment", "metric_alert", "installation"} {
			if id := field(m, "data."+k+".id"); id != "" {
				ev.ObjectType, ev.ObjectID = k, id
				break
			}
		}
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
