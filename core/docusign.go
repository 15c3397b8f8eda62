package core

import (
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
)

// DocuSign Connect sends one X-DocuSign-Signature-<n> header (n = 1..100) per
// active Connect HMAC key.
const (
	HeaderDocuSignSignaturePrefix = "X-Docusign-Signature-"
	docuSignMaxSignatures         = 100
)

var docusignSpec = spec{
	build:      newDocuSign,
	scheme:     "X-DocuSign-Signature-1..100: base64 HMAC-SHA256(body), any header with any key",
	secret:     "Connect HMAC key(s)",
	sigHeaders: docuSignHeaders(),
}

// DocuSign Connect (HMAC): each X-DocuSign-Signature-<n> is the base64
// HMAC-SHA256 of the raw body keyed with one Connect HMAC key; a delivery
// passes when any header matches any configured key. No delivery id is
// documented (unconfirmed), so deliveries are not deduplicated.
type docusign struct {
	keys [][]byte
}

func newDocuSign(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &docusign{keys: keys}, nil
}

// docuSignHeaders lists the signature header names, for stripping.
func docuSignHeaders() []string {
	out := make([]string, 0, docuSignMaxSignatures)
	for i := 1; i <= docuSignMaxSignatures; i++ {
		out = append(out, HeaderDocuSignSignaturePrefix+strconv.Itoa(i))
	}
	return out
}

func (p *docusign) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	var sigs []string
	for i := 1; i <= docuSignMaxSignatures; i++ {
		sigs = append(sigs, r.Header.Values(HeaderDocuSignSignaturePrefix+strconv.Itoa(i))...)
	}
	if err := anyMAC(sha256.New, p.keys, "base64", "", sigs, r.Body); err != nil {
		return nil, err
	}
	ev := &Event{}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "event")
		if i := strings.Index(ev.Type, "-"); i > 0 {
			ev.ObjectType = ev.Type[:i]
			ev.Action = actionOf(ev.Type[i+1:])
		}
		ev.ObjectID = field(m, "data.envelopeId")
		if ev.ObjectID != "" && ev.ObjectType == "" {
			ev.ObjectType = "envelope"
		}
		ev.Subject = field(m, "data.accountId")
		ev.Time = timeField(m, "generatedDateTime")
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
