package core

import (
	"fmt"
	"net/http"
)

var azureEventGridSpec = spec{
	builder:    newAzureEventGrid,
	handshake:  "SubscriptionValidationEvent answered with {\"validationResponse\"}; CloudEvents OPTIONS abuse protection (origin eventgrid.azure.net); both after the secret check",
	scheme:     "no signature: shared secret in the query (option auth=query, query_param default token) or Authorization: Bearer (auth=bearer)",
	secret:     "shared secret of the endpoint URL or delivery header",
	sigHeaders: []string{"Authorization"},
	aliases:    []string{"eventgrid", "event_grid", "azure_eventgrid"},
	options: []OptionInfo{
		{"auth", OptionString, "how the secret arrives: query (default) or bearer"},
		{"query_param", OptionString, "the query parameter carrying the secret with auth=query (default token)"},
		{"allowed_origins", OptionList, "origins granted by the CloudEvents OPTIONS handshake (default eventgrid.azure.net)"},
		{"allowed_rate", OptionString, "WebHook-Allowed-Rate granted: * or requests per minute"},
	},
}

// Azure Event Grid push delivery to a webhook. Event Grid does not sign:
// the route authenticates with a shared secret chosen by option "auth":
// "query" (default: the secret travels in the query parameter named by
// option query_param, default "token", of the endpoint URL given to Event
// Grid) or "bearer" ("Authorization: Bearer <secret>", a static delivery
// header). Handshakes, both after the secret check:
//   - Event Grid schema: a Microsoft.EventGrid.SubscriptionValidationEvent is
//     answered with {"validationResponse": <validationCode>};
//   - CloudEvents schema: the OPTIONS abuse-protection handshake, granting
//     origin eventgrid.azure.net by default (option allowed_origins).
//
// Dedup key: the event id (single-event deliveries).
type azureEventGrid struct {
	gate   *cloudEventsGate
	bearer bool
	param  string
}

func newAzureEventGrid(c *Config) (Provider, error) {
	g, err := newCloudEventsGate(c, "eventgrid.azure.net")
	if err != nil {
		return nil, err
	}
	p := &azureEventGrid{gate: g, param: option(c, "query_param")}
	if p.param == "" {
		p.param = "token"
	}
	switch option(c, "auth") {
	case "", "query":
	case "bearer":
		p.bearer = true
	default:
		return nil, fmt.Errorf("%s: option auth: %w: want query or bearer", c.Provider, ErrBadConfig)
	}
	return p, nil
}

func (p *azureEventGrid) Verify(r *Request) (*Result, error) {
	if r.Method != http.MethodPost && r.Method != http.MethodOptions {
		return nil, wantMethod(r, http.MethodPost)
	}
	tok := r.URL.Query().Get(p.param)
	if p.bearer {
		tok = p.gate.bearer(r)
	}
	if err := checkToken(p.gate.tokens, tok); err != nil {
		return nil, err
	}
	if r.Method == http.MethodOptions {
		return p.gate.handshake(r)
	}
	// The credential is not forwarded, wherever it came in.
	ev := &Event{strip: []string{"Authorization"}, stripQuery: []string{p.param}}
	first, err := cloudEventsEvent(r, ev)
	if err != nil {
		return nil, err
	}
	if ev.Type == "Microsoft.EventGrid.SubscriptionValidationEvent" {
		code := field(first, "data.validationCode")
		if err := validChallenge(code); err != nil {
			return nil, err
		}
		return jsonReply(map[string]string{"validationResponse": code})
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
