package core

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// HeaderTwitterSignature is X's (Twitter's) Account Activity signature header.
const HeaderTwitterSignature = "X-Twitter-Webhooks-Signature"

// X (Twitter) Account Activity API. The CRC check, GET ?crc_token=, is
// answered at the edge with {"response_token": "sha256=" + base64
// HMAC-SHA256(consumer secret, crc_token)}, computed with the first
// configured secret (the current consumer secret; later ones only verify
// deliveries during a rotation). Deliveries: x-twitter-webhooks-signature =
// "sha256=" base64 HMAC-SHA256(consumer secret, body). The CRC answer is the
// same MAC over a caller-chosen token, so only JSON-object bodies (which no
// valid crc_token is) are accepted as deliveries.
var twitterSpec = spec{
	builder:    newTwitter,
	handshake:  "GET ?crc_token= answered with response_token sha256=base64 HMAC-SHA256 (first secret)",
	scheme:     "x-twitter-webhooks-signature: sha256=base64 HMAC-SHA256(body)",
	secret:     "consumer (API) secret",
	sigHeaders: twitterScheme.headers,
	aliases:    []string{"x"},
}

var twitterScheme = bodyMACScheme{headers: []string{HeaderTwitterSignature}, alg: "sha256", enc: "base64", prefix: "sha256="}

// twitter answers the CRC check and verifies deliveries as a bodyMAC.
type twitter struct {
	*bodyMAC
}

func newTwitter(c *Config) (Provider, error) {
	p, err := twitterScheme.verifier(c, twitterEvent)
	if err != nil {
		return nil, err
	}
	return &twitter{bodyMAC: p}, nil
}

func (p *twitter) Verify(r *Request) (*Result, error) {
	if r.Method != http.MethodGet {
		return p.bodyMAC.Verify(r)
	}
	crc := r.URL.Query().Get("crc_token")
	if err := validChallenge(crc); err != nil {
		return nil, err
	}
	mac := macOf(sha256.New, p.keys[0], []byte(crc))
	return jsonReply(map[string]string{"response_token": "sha256=" + base64.StdEncoding.EncodeToString(mac)})
}

// twitterEvent reads a delivery. Deliveries are JSON objects. Refusing
// anything else also keeps the CRC answer (HMAC of a crc_token, which cannot
// hold '{') from ever verifying as a delivery signature: anyone may ask for a
// CRC.
func twitterEvent(r *Request, ev *Event) (*Reply, error) {
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	ev.Payload = m
	ev.Subject = field(m, "for_user_id")
	for _, k := range sortedKeys(m) {
		if strings.HasSuffix(k, "_events") || k == "user_event" {
			ev.Type = k
			break
		}
	}
	ev.ObjectType = strings.TrimSuffix(strings.TrimSuffix(ev.Type, "_events"), "_create")
	ev.ObjectType = strings.TrimSuffix(ev.ObjectType, "_delete")
	switch {
	case strings.Contains(ev.Type, "delete") || strings.HasPrefix(ev.Type, "user_event"):
		ev.Action = ActionDeleted
	case strings.Contains(ev.Type, "create") || ev.Type == "favorite_events" || ev.Type == "follow_events":
		ev.Action = ActionCreated
	default:
		ev.Action = ActionUnknown
	}
	if o := firstObject(m, ev.Type); o != nil {
		ev.ObjectID = field(o, "id_str")
		if ev.ObjectID == "" {
			ev.ObjectID = field(o, "id")
		}
	}
	return nil, nil
}
