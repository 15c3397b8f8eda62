package core

import (
	"crypto/sha256"
	"net/http"
	"strings"
)

var microsoftTeamsSpec = spec{
	builder:    newMicrosoftTeams,
	scheme:     "Authorization: HMAC base64 HMAC-SHA256(body), key base64-decoded",
	secret:     "security token of the outgoing webhook (base64)",
	sigHeaders: []string{"Authorization"},
	aliases:    []string{"teams"},
}

// Microsoft Teams outgoing webhooks: "Authorization: HMAC <base64
// HMAC-SHA256(key, body)>" where the key is the base64-decoded security token
// Teams shows when the outgoing webhook is created. No handshake; Teams wants
// the upstream's reply message within 5 s.
type microsoftTeams struct {
	keys [][]byte
}

func newMicrosoftTeams(c *Config) (Provider, error) {
	keys, err := decodedKeys(c, "base64", "")
	if err != nil {
		return nil, err
	}
	return &microsoftTeams{keys: keys}, nil
}

func (p *microsoftTeams) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	var sigs []string
	for _, a := range r.Header.Values("Authorization") {
		a = strings.TrimSpace(a)
		if len(a) > 5 && strings.EqualFold(a[:5], "HMAC ") {
			sigs = append(sigs, strings.TrimSpace(a[5:]))
		} else if a != "" {
			return nil, ErrMalformedSignature
		}
	}
	if err := anyMAC(sha256.New, p.keys, "base64", "", sigs, r.Body); err != nil {
		return nil, err
	}
	ev := &Event{}
	ev.bodyKey(r.Body)
	return extracted(r, ev, teamsEvent)
}

// teamsEvent reads the delivery's JSON fields.
var teamsEvent = fromJSON(jsonFields{
	id: "id", typ: "type", object: "message", objectID: "id", subject: []string{"conversation.id"}, time: "timestamp", action: ActionCreated,
})
