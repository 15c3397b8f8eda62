package core

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
)

// Worldline (Connect / Global Collect, formerly Ingenico ePayments) header names.
const (
	HeaderWorldlineSignature    = "X-Gcs-Signature"
	HeaderWorldlineKeyID        = "X-Gcs-Keyid"
	HeaderWorldlineVerification = "X-Gcs-Webhooks-Endpoint-Verification"
)

var worldlineSpec = spec{
	builder:    newWorldline,
	handshake:  "GET X-GCS-Webhooks-Endpoint-Verification echoed as text/plain",
	scheme:     "X-GCS-Signature: base64 HMAC-SHA256(body), X-GCS-KeyId required (option key_id restricts it)",
	secret:     "webhooks secret key",
	sigHeaders: []string{HeaderWorldlineSignature, HeaderWorldlineKeyID},
	aliases:    []string{"ingenico", "globalcollect"},
	options: []OptionInfo{
		{"key_id", OptionList, "the X-GCS-KeyId values accepted; default any"},
	},
}

// Worldline: X-GCS-Signature = base64 HMAC-SHA256(secret key, body), with
// X-GCS-KeyId naming the key (required, as the official SDKs require it).
// Option key_id, a comma-separated list, restricts the accepted key ids;
// every configured secret is tried. The endpoint verification, GET with
// X-GCS-Webhooks-Endpoint-Verification, is answered at the edge with that
// value as text/plain. Dedup key: the event "id".
type worldline struct {
	keys   [][]byte
	keyIDs []string
}

func newWorldline(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &worldline{keys: keys, keyIDs: listOption(c, "key_id")}, nil
}

func (p *worldline) Verify(r *Request) (*Result, error) {
	switch r.Method {
	case http.MethodGet:
		v := r.Header.Get(HeaderWorldlineVerification)
		if err := validChallenge(v); err != nil {
			return nil, err
		}
		return textReply(v), nil
	case http.MethodPost:
	default:
		return nil, wantMethod(r, http.MethodPost)
	}
	sigs := r.Header.Values(HeaderWorldlineSignature)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	kid := r.Header.Get(HeaderWorldlineKeyID)
	if kid == "" || len(r.Header.Values(HeaderWorldlineKeyID)) > 1 || len(sigs) > 1 {
		return nil, fmt.Errorf("%w: want one X-GCS-Signature and one X-GCS-KeyId", ErrMalformedSignature)
	}
	if len(p.keyIDs) > 0 {
		known := false
		for _, k := range p.keyIDs {
			if k == kid {
				known = true
			}
		}
		if !known {
			return nil, fmt.Errorf("%w: unknown key id", ErrSignatureMismatch)
		}
	}
	if err := anyMAC(sha256.New, p.keys, "base64", "", sigs, r.Body); err != nil {
		return nil, err
	}
	ev := &Event{}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "id")
		ev.Type = field(m, "type")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		if ev.ObjectType != "" && !strings.Contains(ev.ObjectType, ".") {
			ev.ObjectID = field(m, ev.ObjectType+".id")
		}
		ev.Subject = field(m, "merchantId")
		ev.Time = layoutTime(field(m, "created"), "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05.999999999Z07:00")
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
