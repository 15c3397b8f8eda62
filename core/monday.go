package core

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"
)

var mondaySpec = spec{
	builder:    newMonday,
	handshake:  "{\"challenge\"} echoed as JSON (JWT checked first when present)",
	scheme:     "Authorization: HS256 JWT (exp checked, option audience), body not covered; each JWT accepted once",
	secret:     "Signing Secret of the app (Client Secret for lifecycle webhooks)",
	sigHeaders: []string{"Authorization"},
	aliases:    []string{"monday_com", "mondaycom"},
	options: []OptionInfo{
		{"audience", OptionString, "the aud claim the JWT must carry, when set"},
	},
}

// monday.com: app and integration requests carry "Authorization: <JWT>"
// (optionally "Bearer <JWT>"), HS256-signed with the app's Signing Secret
// (Client Secret for app lifecycle webhooks: configure both to accept both).
// The JWT does not cover the body: it must be HS256, verify with a secret,
// and carry an exp in the future (allowing the configured tolerance, default
// 1 minute, of clock skew); option "audience", when set, must equal its aud
// (your endpoint URL). The URL challenge, POST {"challenge": "<c>"}, is
// answered at the edge with the same JSON; when it carries a JWT, the JWT is
// checked first (board webhooks created outside an app send none, and the
// echo reflects only the caller's own bounded token). Deliveries without a
// valid JWT are refused. Dedup key: event.triggerUuid.
type monday struct {
	keys     [][]byte
	audience string
	leeway   time.Duration
}

func newMonday(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &monday{keys: keys, audience: option(c, "audience"), leeway: tolerance(c, time.Minute)}, nil
}

func (p *monday) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	auth := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(auth) > 7 && strings.EqualFold(auth[:7], "Bearer ") {
		auth = strings.TrimSpace(auth[7:])
	}
	var authErr error
	var exp time.Time
	if auth == "" {
		authErr = ErrMissingSignature
	} else {
		exp, authErr = p.checkJWT(auth, r.Now)
	}
	m, err := decodeJSONObject(r.Body)
	if _, isChallenge := m["challenge"]; err == nil && isChallenge && len(m) == 1 {
		if auth != "" && authErr != nil {
			return nil, authErr
		}
		ch := field(m, "challenge")
		if err := validChallenge(ch); err != nil {
			return nil, err
		}
		return jsonReply(map[string]string{"challenge": ch})
	}
	if authErr != nil {
		return nil, authErr
	}
	if err != nil {
		return nil, err
	}
	ev := &Event{Payload: m}
	// The JWT does not cover the body: each token is accepted once, its
	// signed part a replay key for as long as the token is valid.
	if i := strings.LastIndex(auth, "."); i > 0 {
		ttl := exp.Add(p.leeway).Sub(r.Now)
		if ttl < time.Second {
			ttl = time.Second
		}
		ev.addKey("monday_jwt", auth[:i], ttl)
	}
	ev.Type = field(m, "event.type")
	ev.DeliveryID = field(m, "event.triggerUuid")
	ev.Subject = field(m, "event.boardId")
	ev.ObjectID = field(m, "event.pulseId")
	if ev.ObjectID != "" {
		ev.ObjectType = "item"
	}
	ev.Action = actionOf(ev.Type)
	ev.Time = timeField(m, "event.triggerTime")
	return &Result{Event: ev}, nil
}

// checkJWT verifies a compact HS256 JWT and its exp (and aud when
// configured), and returns exp.
func (p *monday) checkJWT(tok string, now time.Time) (time.Time, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}, ErrMalformedSignature
	}
	hb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[0], "="))
	if err != nil {
		return time.Time{}, ErrMalformedSignature
	}
	hdr, err := decodeJSONObject(hb)
	if err != nil {
		return time.Time{}, ErrMalformedSignature
	}
	if field(hdr, "alg") != "HS256" {
		return time.Time{}, fmt.Errorf("%w: JWT algorithm is not HS256", ErrMalformedSignature)
	}
	if err := anyMAC(sha256.New, p.keys, "base64url", "", []string{parts[2]}, []byte(parts[0]), []byte("."), []byte(parts[1])); err != nil {
		return time.Time{}, err
	}
	cb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, ErrMalformedSignature
	}
	claims, err := decodeJSONObject(cb)
	if err != nil {
		return time.Time{}, ErrMalformedSignature
	}
	exp := timeField(claims, "exp")
	if exp.IsZero() {
		return time.Time{}, fmt.Errorf("%w: JWT without exp", ErrMissingTimestamp)
	}
	if now.After(exp.Add(p.leeway)) {
		return time.Time{}, ErrStaleTimestamp
	}
	if iat := timeField(claims, "iat"); !iat.IsZero() && iat.After(now.Add(p.leeway)) {
		return time.Time{}, ErrFutureTimestamp
	}
	if p.audience != "" && field(claims, "aud") != p.audience {
		return time.Time{}, fmt.Errorf("%w: JWT audience", ErrSignatureMismatch)
	}
	return exp, nil
}
