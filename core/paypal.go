package core

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// PayPal header names.
const (
	HeaderPayPalTransmissionID   = "Paypal-Transmission-Id"
	HeaderPayPalTransmissionTime = "Paypal-Transmission-Time"
	HeaderPayPalTransmissionSig  = "Paypal-Transmission-Sig"
	HeaderPayPalCertURL          = "Paypal-Cert-Url"
	HeaderPayPalAuthAlgo         = "Paypal-Auth-Algo"
)

var paypalSpec = spec{
	builder:    newPayPal,
	scheme:     "PAYPAL-TRANSMISSION-SIG: SHA256withRSA over id|time|webhook_id|crc32(body); certificate fetched from api(-m).(sandbox.)paypal.com only, cached; 5 min window; each transmission accepted once (only a CRC32 of the body is signed)",
	secret:     "webhook id (option webhook_id, or as secret)",
	sigHeaders: []string{HeaderPayPalTransmissionSig, HeaderPayPalCertURL, HeaderPayPalAuthAlgo},
	options: []OptionInfo{
		{"webhook_id", OptionList, "the webhook id(s) of the PayPal dashboard (or give them as secrets)"},
	},
}

// PayPal (REST webhooks), verified offline as the official Java SDK does:
// PAYPAL-TRANSMISSION-SIG is the base64 SHA256withRSA signature of
//
//	<transmission id>|<transmission time>|<webhook id>|<crc32(body), unsigned decimal>
//
// made with the certificate at PAYPAL-CERT-URL. The certificate is fetched
// only over HTTPS from api(-m).paypal.com or api(-m).sandbox.paypal.com under
// /v1/notifications/certs/, with a 5 s timeout, a 64 KiB bound, no redirects,
// a cache of 64 certificates for 12 h and at most 20 fetches a minute; a
// fetch failure answers 503 so PayPal retries. The TLS connection to the
// PayPal host authenticates the certificate (its chain is not checked
// against a PayPal-specific root, unlike the Java SDK).
//
// Option "webhook_id" (required; comma-separated for several): the id of
// your webhook in the PayPal dashboard. Webhook ids may also be given as
// secrets (PayPal has no shared secret); any of them may match.
// Window: PAYPAL-TRANSMISSION-TIME within 5 minutes both ways (PayPal's
// recommendation is unconfirmed; each retry is a new, newly signed
// transmission). The event id (WH-...) in the body is the delivery id.
type paypal struct {
	webhookIDs []string
	tol        time.Duration
	fetch      *remoteFetcher
}

func newPayPal(c *Config) (Provider, error) {
	ids, err := secretsOrOption(c, "webhook_id")
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if strings.Contains(id, "|") {
			return nil, fmt.Errorf("paypal: webhook_id: %w: must not contain '|'", ErrBadConfig)
		}
	}
	tol := tolerance(c, 5*time.Minute)
	f := newRemoteFetcher(paypalCertURLAllowed)
	f.gate = newKeyGate("paypal", c)
	return &paypal{webhookIDs: ids, tol: tol, fetch: f}, nil
}

// paypalCertURLAllowed accepts PayPal's certificate endpoints only.
func paypalCertURLAllowed(u *url.URL) bool {
	switch strings.ToLower(u.Hostname()) {
	case "api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com":
	default:
		return false
	}
	// The certificate name (CERT-360caa42-fca2a594-...) is checked before
	// any fetch: letters, digits, '-' and '_', no query.
	name := strings.TrimPrefix(u.Path, "/v1/notifications/certs/")
	return name != u.Path && name != "" && len(name) <= 128 && u.RawQuery == "" &&
		strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == ""
}

func (p *paypal) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigB64 := r.Header.Get(HeaderPayPalTransmissionSig)
	if sigB64 == "" {
		return nil, ErrMissingSignature
	}
	sig, err := decodeSig("base64", sigB64)
	if err != nil {
		return nil, err
	}
	id := r.Header.Get(HeaderPayPalTransmissionID)
	if id == "" || strings.Contains(id, "|") {
		return nil, fmt.Errorf("%w: transmission id", ErrMalformedSignature)
	}
	if a := r.Header.Get(HeaderPayPalAuthAlgo); !strings.EqualFold(a, "SHA256withRSA") {
		return nil, fmt.Errorf("%w: unsupported auth algorithm", ErrMalformedSignature)
	}
	ts := r.Header.Get(HeaderPayPalTransmissionTime)
	t, err := parseTime(ts, unitRFC3339)
	if err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	certURL := r.Header.Get(HeaderPayPalCertURL)
	u, err := url.Parse(certURL)
	if certURL == "" || err != nil || !p.fetch.allowed(u) {
		return nil, fmt.Errorf("%w: certificate URL not allowed", ErrSignatureMismatch)
	}
	key, err := p.fetch.rsaCert(certURL, r.Now)
	if err != nil {
		return nil, err
	}
	crc := strconv.FormatUint(uint64(crc32.ChecksumIEEE(r.Body)), 10)
	verified := false
	for _, wid := range p.webhookIDs {
		d := sha256.Sum256([]byte(id + "|" + ts + "|" + wid + "|" + crc))
		if rsa.VerifyPKCS1v15(key.rsa, crypto.SHA256, d[:], sig) == nil {
			verified = true
			break
		}
	}
	if !verified {
		return nil, ErrSignatureMismatch
	}
	p.fetch.gate.verified(certURL, r.Now)
	ev := &Event{Time: t}
	// PayPal signs only a CRC32 of the body, so a transmission is accepted
	// once (another body of the same checksum must not ride on it): its id is
	// a replay key, released if the upstream fails, like any other.
	ev.addKey("paypal_transmission", id, 2*p.tol)
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "id")
		ev.Type = field(m, "event_type")
		ev.ObjectType, ev.Action = splitType(strings.ToLower(ev.Type))
		if rt := field(m, "resource_type"); rt != "" {
			ev.ObjectType = rt
		}
		ev.ObjectID = field(m, "resource.id")
		if t2 := timeField(m, "create_time"); !t2.IsZero() {
			ev.Time = t2
		}
	}
	return &Result{Event: ev}, nil
}
