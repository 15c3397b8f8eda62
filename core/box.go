package core

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Box header names.
const (
	HeaderBoxPrimary   = "BOX-SIGNATURE-PRIMARY"
	HeaderBoxSecondary = "BOX-SIGNATURE-SECONDARY"
	HeaderBoxVersion   = "BOX-SIGNATURE-VERSION"
	HeaderBoxAlgorithm = "BOX-SIGNATURE-ALGORITHM"
	HeaderBoxTimestamp = "BOX-DELIVERY-TIMESTAMP"
	HeaderBoxDelivery  = "BOX-DELIVERY-ID"
)

var boxSpec = spec{
	builder:    newBox,
	scheme:     "BOX-SIGNATURE-PRIMARY/SECONDARY: base64 HMAC-SHA256(body + BOX-DELIVERY-TIMESTAMP), 10 min window",
	secret:     "primary and secondary signature keys",
	sigHeaders: []string{"Box-Signature-Primary", "Box-Signature-Secondary", "Box-Signature-Version", "Box-Signature-Algorithm"},
}

// Box signs body ‖ BOX-DELIVERY-TIMESTAMP with HMAC-SHA256, base64, once with
// the primary key and once with the secondary key. Configure both keys as
// secrets; a delivery passes when either header verifies with either key.
type box struct {
	keys [][]byte
	tol  time.Duration
}

func newBox(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &box{keys: keys, tol: tolerance(c, 10*time.Minute)}, nil
}

// boxFields are what Box's Verify reads from the payload.
var boxFields = []string{"trigger", "source.type", "source.id", "created_at"}

func (p *box) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if v := r.Header.Get(HeaderBoxVersion); v != "" && v != "1" {
		return nil, fmt.Errorf("%w: unsupported signature version", ErrMalformedSignature)
	}
	if a := r.Header.Get(HeaderBoxAlgorithm); a != "" && !strings.EqualFold(a, "HmacSHA256") {
		return nil, fmt.Errorf("%w: unsupported signature algorithm", ErrMalformedSignature)
	}
	sigs := append(r.Header.Values(HeaderBoxPrimary), r.Header.Values(HeaderBoxSecondary)...)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	ts := r.Header.Get(HeaderBoxTimestamp)
	t, err := parseTime(ts, unitRFC3339)
	if err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "base64", "", sigs, r.Body, []byte(ts)); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	ev := &Event{DeliveryID: r.Header.Get(HeaderBoxDelivery), Time: t}
	if f := pickJSON(r.Body, boxFields); f != nil {
		ev.isJSON = true
		ev.Type = jsonString(f[0])
		ev.ObjectType = strings.ToLower(jsonString(f[1]))
		ev.ObjectID = jsonString(f[2])
		ev.Subject = ev.ObjectID
		if t2 := timeValue(jsonString(f[3])); !t2.IsZero() {
			ev.Time = t2
		}
	}
	ev.signedKey(ts, r.Body, p.tol)
	return &Result{Event: ev}, nil
}
