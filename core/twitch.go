package core

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"time"
)

// Twitch EventSub header names.
const (
	HeaderTwitchID        = "Twitch-Eventsub-Message-Id"
	HeaderTwitchTimestamp = "Twitch-Eventsub-Message-Timestamp"
	HeaderTwitchSignature = "Twitch-Eventsub-Message-Signature"
	HeaderTwitchType      = "Twitch-Eventsub-Message-Type"
)

var twitchSpec = spec{
	builder:    newTwitch,
	handshake:  "webhook_callback_verification answered with the raw challenge as text/plain, after the signature check",
	scheme:     "Twitch-Eventsub-Message-Signature: sha256=hex HMAC-SHA256(id + timestamp + body), RFC 3339 timestamp, 10 min window",
	secret:     "EventSub subscription secret (10 to 100 characters)",
	sigHeaders: []string{HeaderTwitchSignature},
	aliases:    []string{"twitch_eventsub"},
}

// Twitch EventSub (webhook transport): Twitch-Eventsub-Message-Signature =
// "sha256=" hex HMAC-SHA256(subscription secret, message id ‖ timestamp ‖
// body); the timestamp is RFC 3339 and must be within 10 minutes. Every
// message is verified first; then webhook_callback_verification is answered
// at the edge with the raw challenge as text/plain, and notification and
// revocation messages are forwarded (the message id is the dedup key: Twitch
// resends with the same id). The secret is 10 to 100 characters.
type twitch struct {
	keys [][]byte
	tol  time.Duration
}

func newTwitch(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		if len(k) < 10 || len(k) > 100 {
			return nil, fmt.Errorf("%s: secret #%d: %w: a Twitch subscription secret has 10 to 100 characters", c.Provider, i+1, ErrBadConfig)
		}
	}
	return &twitch{keys: keys, tol: tolerance(c, 10*time.Minute)}, nil
}

func (p *twitch) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigs := r.Header.Values(HeaderTwitchSignature)
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	id := r.Header.Get(HeaderTwitchID)
	if id == "" {
		return nil, fmt.Errorf("%w: no message id", ErrMalformedSignature)
	}
	ts := r.Header.Get(HeaderTwitchTimestamp)
	t, err := parseTime(ts, unitRFC3339)
	if err != nil {
		return nil, err
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "sha256=", sigs, []byte(id), []byte(ts), r.Body); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	kind := r.Header.Get(HeaderTwitchType)
	ev := &Event{Payload: m, DeliveryID: id, Time: t}
	switch kind {
	case "webhook_callback_verification":
		ch := field(m, "challenge")
		if err := validChallenge(ch); err != nil {
			return nil, err
		}
		return textReply(ch), nil
	case "revocation":
		ev.Type = "revocation"
		ev.ObjectType = "subscription"
		ev.ObjectID = field(m, "subscription.id")
		ev.Action = ActionDeleted
		ev.Subject = field(m, "subscription.condition.broadcaster_user_id")
	case "notification":
		ev.Type = field(m, "subscription.type")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		ev.Subject = field(m, "event.broadcaster_user_id")
		if ev.Subject == "" {
			ev.Subject = field(m, "subscription.condition.broadcaster_user_id")
		}
		ev.ObjectID = field(m, "event.id")
	default:
		return nil, fmt.Errorf("%w: unknown message type %s", ErrMalformedPayload, safeToken(kind, 40))
	}
	return &Result{Event: ev}, nil
}
