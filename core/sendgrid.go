package core

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// SendGrid header names.
const (
	HeaderSendGridSignature = "X-Twilio-Email-Event-Webhook-Signature"
	HeaderSendGridTimestamp = "X-Twilio-Email-Event-Webhook-Timestamp"
)

// DefaultSendGridTolerance is the default window for SendGrid's signed
// timestamp. SendGrid recommends none; 10 minutes (both ways) matches the
// default dedup memory, so a replay inside the window of a single-event
// delivery is caught as a duplicate.
const DefaultSendGridTolerance = 10 * time.Minute

var sendgridSpec = spec{
	builder:    newSendGrid,
	scheme:     "X-Twilio-Email-Event-Webhook-Signature: base64 DER ECDSA P-256 SHA-256(timestamp + body), 10 min window",
	secret:     "verification key (base64 DER or PEM public key)",
	sigHeaders: []string{"X-Twilio-Email-Event-Webhook-Signature", "X-Twilio-Email-Event-Webhook-Timestamp"},
}

// SendGrid (Signed Event Webhook): X-Twilio-Email-Event-Webhook-Signature is
// a base64 ASN.1 DER ECDSA P-256 signature over SHA-256(timestamp ‖ raw
// body), timestamp being X-Twilio-Email-Event-Webhook-Timestamp (unix s).
// The secret is the "Verification Key" SendGrid shows: a base64 DER
// SubjectPublicKeyInfo of a P-256 key (PEM is accepted too); several may be
// configured. Bodies are JSON arrays of events; a single-event delivery uses
// its sg_event_id as delivery id. No options.
type sendgrid struct {
	keys []*ecdsa.PublicKey
	tol  time.Duration
}

func newSendGrid(c *Config) (Provider, error) {
	if len(c.Secrets) == 0 {
		return nil, fmt.Errorf("%s: %w: the verification (public) key is required", c.Provider, ErrEmptySecret)
	}
	p := &sendgrid{tol: tolerance(c, DefaultSendGridTolerance)}
	for i, s := range c.Secrets {
		k, err := parseECDSAPublicKey(s)
		if err != nil {
			return nil, fmt.Errorf("%s: secret #%d: %w", c.Provider, i+1, err)
		}
		p.keys = append(p.keys, k)
	}
	return p, nil
}

// parseECDSAPublicKey parses a P-256 public key given as base64 DER
// (SubjectPublicKeyInfo) or PEM.
func parseECDSAPublicKey(s string) (*ecdsa.PublicKey, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ErrEmptySecret
	}
	var der []byte
	if strings.HasPrefix(s, "-----BEGIN") {
		b, _ := pem.Decode([]byte(s))
		if b == nil {
			return nil, fmt.Errorf("%w: public key PEM does not decode", ErrBadConfig)
		}
		der = b.Bytes
	} else {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("%w: public key is not base64 DER", ErrBadConfig)
		}
		der = b
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("%w: public key does not parse", ErrBadConfig)
	}
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok || k.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%w: public key is not an ECDSA P-256 key", ErrBadConfig)
	}
	return k, nil
}

func (p *sendgrid) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sig := r.Header.Get(HeaderSendGridSignature)
	if sig == "" {
		return nil, ErrMissingSignature
	}
	ts := r.Header.Get(HeaderSendGridTimestamp)
	t, err := parseTime(ts, unitSeconds)
	if err != nil {
		return nil, err
	}
	der, err := decodeSig("base64", sig)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write([]byte(ts))
	h.Write(r.Body)
	digest := h.Sum(nil)
	verifies := func(i int) bool { return ecdsa.VerifyASN1(p.keys[i], digest, der) }
	if err := signedInWindow(len(p.keys), verifies, t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{Time: t, ObjectType: "message"}
	if arr, err := jsonObjects(r.Body); err == nil && len(arr) > 0 {
		ev.Type = field(arr[0], "event")
		for _, e := range arr[1:] {
			if field(e, "event") != ev.Type {
				ev.Type = "batch"
				break
			}
		}
		if len(arr) == 1 {
			ev.DeliveryID = field(arr[0], "sg_event_id")
			ev.ObjectID = field(arr[0], "sg_message_id")
			if t2, err := parseTime(field(arr[0], "timestamp"), unitFloat); err == nil {
				ev.Time = t2
			}
		}
	} else if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "event")
		ev.ObjectID = firstField(m, "sg_message_id", "message_id")
	}
	ev.signedKey(ts, r.Body, p.tol)
	return &Result{Event: ev}, nil
}
