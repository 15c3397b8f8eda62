package core

import (
	"crypto/sha1"
	"crypto/sha256"
	"net/http"
)

// Square header names.
const (
	HeaderSquareSignature       = "X-Square-Hmacsha256-Signature"
	HeaderSquareSignatureLegacy = "X-Square-Signature"
)

var squareSpec = spec{
	builder:    newSquare,
	scheme:     "x-square-hmacsha256-signature: base64 HMAC-SHA256(notification URL + body); option notification_url required; legacy SHA-1 header with allow_sha1",
	secret:     "subscription signature key",
	sigHeaders: []string{"X-Square-Hmacsha256-Signature", "X-Square-Signature"},
	options: []OptionInfo{
		{"notification_url", OptionURL, "the notification URL exactly as configured in Square (required)"},
		{"allow_sha1", OptionBool, "also accept the legacy x-square-signature (HMAC-SHA1) when the SHA-256 header is absent"},
	},
}

// Square: x-square-hmacsha256-signature = base64 HMAC-SHA256(subscription
// signature key, notification URL ‖ raw body). Options:
//
//   - notification_url (required): the notification URL exactly as
//     configured in the Square subscription; never derived from the request.
//   - allow_sha1 (a boolean): also accept the legacy x-square-signature
//     (base64 HMAC-SHA1 of the same message) when the SHA-256 header is absent.
//
// No timestamp is signed. The delivery id is the body's event_id (the same
// on retries).
type square struct {
	keys      [][]byte
	url       string
	allowSHA1 bool
}

func newSquare(c *Config) (Provider, error) {
	keys, u, err := keysAndURL(c, "notification_url", true)
	if err != nil {
		return nil, err
	}
	sha1OK, err := boolOption(c, "allow_sha1")
	if err != nil {
		return nil, err
	}
	return &square{keys: keys, url: u.String(), allowSHA1: sha1OK}, nil
}

func (p *square) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigs := r.Header.Values(HeaderSquareSignature)
	var err error
	if len(sigs) == 0 && p.allowSHA1 {
		err = anyMAC(sha1.New, p.keys, "base64", "", r.Header.Values(HeaderSquareSignatureLegacy), []byte(p.url), r.Body)
	} else {
		err = anyMAC(sha256.New, p.keys, "base64", "", sigs, []byte(p.url), r.Body)
	}
	if err != nil {
		return nil, err
	}
	ev := &Event{}
	ev.bodyKey(r.Body)
	return extracted(r, ev, squareEvent)
}

// squareEvent reads the delivery's JSON fields.
var squareEvent = fromJSON(jsonFields{
	id: "event_id", typ: "type", split: true, objectType: "data.type", objectID: "data.id", subject: []string{"merchant_id"}, time: "created_at",
})
