package core

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

var microsoftGraphSpec = spec{
	builder:   newMicrosoftGraph,
	handshake: "?validationToken= (POST or GET) echoed as text/plain",
	scheme:    "no signature: every value[].clientState must equal the secret (rich-notification validationTokens not checked)",
	secret:    "clientState of the subscription",
	aliases:   []string{"msgraph", "graph"},
}

// Microsoft Graph change notifications. Subscription validation arrives as
// POST (or GET) ?validationToken=<token>; the URL-decoded token is echoed as
// text/plain (bounded printable text, never markup). Notifications carry no
// signature: every item of "value" must carry a clientState equal to one of
// the configured secrets (the clientState set on the subscription), which
// is removed from what is forwarded, in every format.
// Rich notifications' validationTokens JWTs are not checked here.
type microsoftGraph struct {
	tokens []string
}

func newMicrosoftGraph(c *Config) (Provider, error) {
	tokens, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	return &microsoftGraph{tokens: tokens}, nil
}

func (p *microsoftGraph) Verify(r *Request) (*Result, error) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		return nil, wantMethod(r, http.MethodPost)
	}
	if q := r.URL.Query(); r.Method == http.MethodGet || q.Has("validationToken") {
		tok := q.Get("validationToken")
		if err := plainText(tok); err != nil {
			return nil, err
		}
		return textReply(tok), nil
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	items, ok := m["value"].([]interface{})
	if !ok || len(items) == 0 {
		return nil, fmt.Errorf("%w: no value array", ErrMalformedPayload)
	}
	for _, it := range items {
		obj, ok := it.(map[string]interface{})
		if !ok {
			return nil, fmt.Errorf("%w: value item is not an object", ErrMalformedPayload)
		}
		if err := checkToken(p.tokens, field(obj, "clientState")); err != nil {
			return nil, err
		}
		// clientState is the route's secret: not forwarded.
		delete(obj, "clientState")
	}
	first := items[0].(map[string]interface{})
	ev := &Event{Payload: m, rewritten: true}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedPayload, err)
	}
	ev.Data = b
	ev.Type = field(first, "changeType")
	if lc := field(first, "lifecycleEvent"); lc != "" {
		ev.Type = lc
	}
	ev.Subject = field(first, "subscriptionId")
	if rd, ok := first["resourceData"].(map[string]interface{}); ok {
		t, _ := rd["@odata.type"].(string)
		ev.ObjectType = strings.TrimPrefix(t, "#")
	}
	ev.ObjectID = field(first, "resourceData.id")
	ev.Action = actionOf(ev.Type)
	return &Result{Event: ev}, nil
}
