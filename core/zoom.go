package core

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"
)

// Zoom header names.
const (
	HeaderZoomSignature = "X-Zm-Signature"
	HeaderZoomTimestamp = "X-Zm-Request-Timestamp"
)

var zoomSpec = spec{
	builder:    newZoom,
	handshake:  "endpoint.url_validation answered with plainToken and encryptedToken (hex HMAC-SHA256), after the signature check",
	scheme:     "x-zm-signature: v0=hex HMAC-SHA256(v0:ts:body), x-zm-request-timestamp, 5 min window",
	secret:     "Secret Token of the app or event subscription",
	sigHeaders: []string{HeaderZoomSignature},
}

// Zoom: x-zm-signature = "v0=" hex HMAC-SHA256(secret token,
// "v0:" + x-zm-request-timestamp + ":" + body), 5-minute window (Zoom states
// none; Slack's scheme and window). The endpoint.url_validation event is
// answered at the edge after its signature checks, with
// {"plainToken", "encryptedToken": hex HMAC-SHA256(secret token, plainToken)}
// computed with the secret that verified the request.
type zoom struct {
	keys [][]byte
	tol  time.Duration
}

func newZoom(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &zoom{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

// zoomScheme is Zoom's signature: v0 over x-zm-request-timestamp.
var zoomScheme = v0(HeaderZoomSignature, HeaderZoomTimestamp)

func (p *zoom) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	key, err := matchingKey(p.keys, func(keys [][]byte) error {
		_, err := zoomScheme.verify(r, keys, p.tol, r.Body)
		return err
	})
	if err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	ev := &Event{Payload: m, Type: field(m, "event")}
	if ev.Type == "endpoint.url_validation" {
		plain := field(m, "payload.plainToken")
		if err := validChallenge(plain); err != nil {
			return nil, err
		}
		enc := hex.EncodeToString(macOf(sha256.New, key, []byte(plain)))
		return jsonReply(map[string]string{"plainToken": plain, "encryptedToken": enc})
	}
	ev.ObjectType, ev.Action = splitType(ev.Type)
	ev.Subject = field(m, "payload.account_id")
	ev.ObjectID = field(m, "payload.object.uuid")
	if ev.ObjectID == "" {
		ev.ObjectID = field(m, "payload.object.id")
	}
	ev.Time = timeField(m, "event_ts")
	ev.signedKey(r.Header.Get(HeaderZoomTimestamp), r.Body, p.tol)
	return &Result{Event: ev}, nil
}
