package core

import (
	"crypto/sha256"
	"fmt"
	"net/http"
)

// HeaderNotionSignature is Notion's signature header.
const HeaderNotionSignature = "X-Notion-Signature"

var notionSpec = spec{
	builder:    newNotion,
	handshake:  "verification_token POST: answered 200 when it equals the secret, refused otherwise, or forwarded with option verification=forward (bootstrap)",
	scheme:     "X-Notion-Signature: sha256=hex HMAC-SHA256(body)",
	secret:     "verification_token of the subscription",
	sigHeaders: []string{HeaderNotionSignature},
	options: []OptionInfo{
		{"verification", OptionString, "what to do with an unknown verification_token: refuse (default) or forward"},
	},
}

// Notion integration webhooks: X-Notion-Signature = "sha256=" hex
// HMAC-SHA256(verification_token, body). The token itself arrives once,
// unsigned, as POST {"verification_token": "<token>"} when the subscription
// is created, and a person must paste it into Notion's UI. hookstile never
// forwards that unsigned request by default:
//   - when the token equals a configured secret (Notion resent it), it is
//     answered at the edge with 200;
//   - otherwise it is refused (403), unless option verification=forward: then
//     the request (strictly one verification_token field, a bounded token) is
//     forwarded upstream as event type "verification_token" so the operator can
//     read it there. That mode needs no secret (bootstrap) and is the only
//     case where this route forwards an unsigned body; switch it off once the
//     token is configured.
//
// Dedup key: the event "id" (stable across Notion's retries, which count
// attempt_number).
type notion struct {
	keys    [][]byte
	tokens  []string
	forward bool
}

func newNotion(c *Config) (Provider, error) {
	p := &notion{}
	switch option(c, "verification") {
	case "", "refuse":
	case "forward":
		p.forward = true
	default:
		return nil, fmt.Errorf("%s: option verification: %w: want refuse or forward", c.Provider, ErrBadConfig)
	}
	if len(c.Secrets) > 0 || !p.forward {
		keys, err := rawKeys(c)
		if err != nil {
			return nil, err
		}
		p.keys = keys
		p.tokens = keyStrings(keys)
	}
	return p, nil
}

func (p *notion) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	sigs := r.Header.Values(HeaderNotionSignature)
	if len(sigs) == 0 {
		m, err := decodeJSONObject(r.Body)
		if err != nil || len(m) != 1 || field(m, "verification_token") == "" {
			return nil, ErrMissingSignature
		}
		tok := field(m, "verification_token")
		if err := validChallenge(tok); err != nil {
			return nil, err
		}
		if anyToken(p.tokens, tok) {
			return &Result{Reply: &Reply{Status: http.StatusOK, Header: textHeader()}}, nil
		}
		if !p.forward {
			return nil, fmt.Errorf("%w: unknown verification_token (option verification=forward to capture it)", ErrVerifyTokenMismatch)
		}
		ev := &Event{Payload: m, Type: "verification_token", ObjectType: "subscription", Action: ActionCreated}
		ev.bodyKey(r.Body) // unsigned: a verbatim copy is all that can be told
		return &Result{Event: ev}, nil
	}
	if len(p.keys) == 0 {
		return nil, ErrSignatureMismatch
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "sha256=", sigs, r.Body); err != nil {
		return nil, err
	}
	ev := &Event{}
	ev.bodyKey(r.Body)
	return extracted(r, ev, notionEvent)
}

// notionEvent reads the delivery's JSON fields.
var notionEvent = fromJSON(jsonFields{
	id: "id", typ: "type", split: true, objectType: "entity.type", objectID: "entity.id", subject: []string{"workspace_id"}, time: "timestamp",
})
