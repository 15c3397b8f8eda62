package core

import (
	"encoding/json"
	"fmt"
	"net/http"
)

var figmaSpec = spec{
	builder:    newFigma,
	handshake:  "PING answered 200 after the passcode check",
	scheme:     "no signature: body passcode must equal the secret; every failure 401 (Figma disables on 400)",
	secret:     "webhook passcode",
	authStatus: 401,
}

// Figma Webhooks V2 carry no signature: each payload holds the "passcode"
// set when the webhook was created, compared in constant time with the
// secrets. Every refusal that is not about size or method is 401: Figma
// disables a webhook that gets 400. The PING sent on creation is answered at
// the edge with 200 once its passcode matches. The passcode is removed from
// the forwarded CloudEvents data.
type figma struct {
	tokens []string
}

func newFigma(c *Config) (Provider, error) {
	tokens, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	return &figma{tokens: tokens}, nil
}

func (p *figma) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		// Not 400: Figma would disable the webhook.
		return nil, ErrMissingSignature
	}
	if err := checkToken(p.tokens, field(m, "passcode")); err != nil {
		return nil, err
	}
	typ := field(m, "event_type")
	if typ == "PING" {
		return &Result{Reply: &Reply{Status: http.StatusOK, Header: textHeader()}}, nil
	}
	delete(m, "passcode")
	ev := &Event{Payload: m, Type: typ, rewritten: true}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedPayload, err)
	}
	ev.Data = b
	ev.ObjectID = field(m, "file_key")
	if ev.ObjectID != "" {
		ev.ObjectType = "file"
	}
	ev.Subject = field(m, "webhook_id")
	ev.Action = actionOf(typ)
	if typ == "FILE_COMMENT" || typ == "LIBRARY_PUBLISH" || typ == "FILE_VERSION_UPDATE" {
		ev.Action = ActionCreated
	}
	ev.Time = timeField(m, "timestamp")
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
