package core

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Discord header names.
const (
	HeaderDiscordSignature = "X-Signature-Ed25519"
	HeaderDiscordTimestamp = "X-Signature-Timestamp"
)

// discordTypes names the interaction types.
var discordTypes = map[string]string{
	"1": "ping", "2": "application_command", "3": "message_component",
	"4": "application_command_autocomplete", "5": "modal_submit",
}

var discordSpec = spec{
	builder:    newDiscord,
	handshake:  "PING (type 1) answered with {\"type\":1}, after the signature check",
	scheme:     "X-Signature-Ed25519: hex Ed25519(X-Signature-Timestamp + body), 5 min window; every failure 401",
	secret:     "application public key (64 hex characters)",
	sigHeaders: []string{HeaderDiscordSignature, HeaderDiscordTimestamp},
	authStatus: 401,
}

// Discord interactions endpoint: X-Signature-Ed25519 is the hex Ed25519
// signature of X-Signature-Timestamp ‖ body by the application's public key
// (the secret: 64 hex characters, from the Developer Portal). Every failure is
// 401, as Discord requires (it probes with bad signatures). A PING (type 1)
// is answered at the edge with {"type":1} after the signature check. Discord
// states no window; the signed timestamp must be within 5 minutes.
type discord struct {
	keys []ed25519.PublicKey
	tol  time.Duration
}

func newDiscord(c *Config) (Provider, error) {
	raw, err := decodedKeys(c, "hex", "")
	if err != nil {
		return nil, err
	}
	d := &discord{tol: tolerance(c, 5*time.Minute)}
	for i, k := range raw {
		if len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%s: secret #%d: %w: want the 32-byte public key as 64 hex characters", c.Provider, i+1, ErrBadConfig)
		}
		d.keys = append(d.keys, ed25519.PublicKey(k))
	}
	return d, nil
}

func (p *discord) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigHex := strings.TrimSpace(r.Header.Get(HeaderDiscordSignature))
	if sigHex == "" {
		return nil, ErrMissingSignature
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, ErrMalformedSignature
	}
	ts := r.Header.Get(HeaderDiscordTimestamp)
	t, err := parseTime(ts, unitSeconds)
	if err != nil {
		return nil, err
	}
	msg := make([]byte, 0, len(ts)+len(r.Body))
	msg = append(append(msg, ts...), r.Body...)
	verifies := func(i int) bool { return ed25519.Verify(p.keys[i], msg, sig) }
	if err := signedInWindow(len(p.keys), verifies, t, r.Now, p.tol); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	typ := field(m, "type")
	if typ == "1" {
		return jsonReply(map[string]int{"type": 1})
	}
	ev := &Event{Payload: m, DeliveryID: field(m, "id"), Type: discordTypes[typ], Time: t}
	if ev.Type == "" {
		ev.Type = "interaction_" + safeToken(typ, 8)
	}
	ev.ObjectType = "interaction"
	ev.ObjectID = ev.DeliveryID
	ev.Action = ActionCreated
	ev.Subject = field(m, "guild_id")
	if ev.Subject == "" {
		ev.Subject = field(m, "channel_id")
	}
	ev.signedKey(ts, r.Body, p.tol)
	return &Result{Event: ev}, nil
}
