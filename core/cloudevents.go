package core

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// CloudEvents HTTP webhook header names (cloudevents/spec http-webhook.md).
const (
	HeaderWebHookRequestOrigin = "WebHook-Request-Origin"
	HeaderWebHookRequestRate   = "WebHook-Request-Rate"
	HeaderWebHookAllowedOrigin = "WebHook-Allowed-Origin"
	HeaderWebHookAllowedRate   = "WebHook-Allowed-Rate"
)

var cloudeventsSpec = spec{
	builder:    newCloudEvents,
	handshake:  "OPTIONS abuse protection: WebHook-Allowed-Origin (validated, option allowed_origins) and WebHook-Allowed-Rate",
	scheme:     "Authorization: Bearer token or ?access_token= (CloudEvents webhook spec), equal to the secret",
	secret:     "access token given to the sender",
	sigHeaders: []string{"Authorization"},
	aliases:    []string{"cloudevents_webhook"},
	options: []OptionInfo{
		{"allowed_origins", OptionList, "origins granted by the OPTIONS handshake (default: any valid host name)"},
		{"allowed_rate", OptionString, "WebHook-Allowed-Rate granted: * or requests per minute"},
	},
}

// cloudEventsGate is the abuse-protection handshake and the token check
// shared by the cloudevents and azure_event_grid providers.
type cloudEventsGate struct {
	tokens  []string
	origins []string // allowed WebHook-Request-Origin values; empty: any valid name
	rate    string   // WebHook-Allowed-Rate granted: "" (the requested rate, else "*"), "*" or a number
}

func newCloudEventsGate(c *Config, defOrigins string) (*cloudEventsGate, error) {
	tokens, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	g := &cloudEventsGate{tokens: tokens, origins: listOption(c, "allowed_origins"), rate: option(c, "allowed_rate")}
	if len(g.origins) == 0 && defOrigins != "" {
		g.origins = []string{defOrigins}
	}
	for _, o := range g.origins {
		if o != "*" && !validHost(o) {
			return nil, fmt.Errorf("%s: option allowed_origins: %w: %q is not a host name", c.Provider, ErrBadConfig, safeToken(o, 64))
		}
	}
	if g.rate != "" && g.rate != "*" {
		if n, err := strconv.Atoi(g.rate); err != nil || n <= 0 {
			return nil, fmt.Errorf("%s: option allowed_rate: %w: want * or a positive number of requests per minute", c.Provider, ErrBadConfig)
		}
	}
	return g, nil
}

// handshake answers the OPTIONS abuse-protection request (CloudEvents
// webhook spec section 4): it grants the requesting origin when it is a valid
// host name (and allowed), echoing only that validated name and a validated
// rate. It is not authentication: deliveries are still checked.
func (g *cloudEventsGate) handshake(r *Request) (*Result, error) {
	origin := strings.TrimSpace(r.Header.Get(HeaderWebHookRequestOrigin))
	if !validHost(origin) {
		return nil, fmt.Errorf("%w: missing or invalid WebHook-Request-Origin", ErrBadChallenge)
	}
	if len(g.origins) > 0 {
		ok := false
		for _, o := range g.origins {
			if o == "*" || strings.EqualFold(o, origin) {
				ok = true
			}
		}
		if !ok {
			return nil, fmt.Errorf("%w: origin not allowed", ErrBadChallenge)
		}
	}
	rate := "*"
	if req := strings.TrimSpace(r.Header.Get(HeaderWebHookRequestRate)); req != "" {
		n, err := strconv.Atoi(req)
		if err != nil || n <= 0 || n > 1000000000 {
			return nil, fmt.Errorf("%w: invalid WebHook-Request-Rate", ErrBadChallenge)
		}
		rate = strconv.Itoa(n)
		if g.rate != "" && g.rate != "*" {
			if lim, _ := strconv.Atoi(g.rate); lim < n {
				rate = g.rate
			}
		}
	} else if g.rate != "" {
		rate = g.rate
	}
	h := http.Header{}
	h.Set("Allow", "POST, OPTIONS")
	h.Set(HeaderWebHookAllowedOrigin, origin)
	h.Set(HeaderWebHookAllowedRate, rate)
	h.Set("X-Content-Type-Options", "nosniff")
	return &Result{Reply: &Reply{Status: http.StatusOK, Header: h}}, nil
}

// bearer returns the token of "Authorization: Bearer <token>", "" if none.
func (g *cloudEventsGate) bearer(r *Request) string {
	a := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(a) > 7 && strings.EqualFold(a[:7], "Bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}

// cloudEventsEvent fills ev from a structured, batched or binary-mode
// CloudEvent (or an Event Grid schema event: eventType, eventTime).
// The first event of a batch is returned for handshake checks.
func cloudEventsEvent(r *Request, ev *Event) (map[string]interface{}, error) {
	if id := r.Header.Get("Ce-Id"); id != "" {
		ev.DeliveryID = id
		ev.Type = r.Header.Get("Ce-Type")
		ev.Subject = r.Header.Get("Ce-Subject")
		ev.Time = layoutTime(r.Header.Get("Ce-Time"), "2006-01-02T15:04:05.999999999Z07:00")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		return nil, nil
	}
	var first map[string]interface{}
	single := true
	if b := strings.TrimSpace(string(r.Body)); strings.HasPrefix(b, "[") {
		arr, err := jsonArray(r.Body)
		if err != nil {
			return nil, err
		}
		first = firstObjectOf(arr)
		if first == nil {
			return nil, fmt.Errorf("%w: empty or invalid event batch", ErrMalformedPayload)
		}
		single = len(arr) == 1
	} else {
		m, err := decodeJSONObject(r.Body)
		if err != nil {
			return nil, err
		}
		first = m
		ev.Payload = m
	}
	if single {
		ev.DeliveryID = field(first, "id")
	}
	ev.Type = field(first, "type")
	if ev.Type == "" {
		ev.Type = field(first, "eventType")
	}
	ev.Subject = field(first, "subject")
	ev.Time = timeField(first, "time")
	if ev.Time.IsZero() {
		ev.Time = timeField(first, "eventTime")
	}
	ev.ObjectType, ev.Action = splitType(ev.Type)
	return first, nil
}

// cloudEvents receives CloudEvents from any sender that follows the
// CloudEvents HTTP webhook spec: the OPTIONS abuse-protection handshake is
// answered at the edge (option allowed_origins, comma-separated, restricts
// the origins granted; default any valid host name; option allowed_rate caps
// the rate granted), and deliveries must carry one of the secrets as
// "Authorization: Bearer <token>" or "?access_token=<token>" (the spec
// requires targets to accept both), compared in constant time. Dedup key:
// the event id (single events only).
type cloudEvents struct {
	gate *cloudEventsGate
}

func newCloudEvents(c *Config) (Provider, error) {
	g, err := newCloudEventsGate(c, "")
	if err != nil {
		return nil, err
	}
	return &cloudEvents{gate: g}, nil
}

func (p *cloudEvents) Verify(r *Request) (*Result, error) {
	switch r.Method {
	case http.MethodOptions:
		return p.gate.handshake(r)
	case http.MethodPost:
	default:
		return nil, wantMethod(r, http.MethodPost)
	}
	tok := p.gate.bearer(r)
	if tok == "" {
		tok = r.URL.Query().Get("access_token")
	}
	if err := checkToken(p.gate.tokens, tok); err != nil {
		return nil, err
	}
	// The credential is not forwarded, wherever it came in.
	ev := &Event{strip: []string{"Authorization"}, stripQuery: []string{"access_token"}}
	if _, err := cloudEventsEvent(r, ev); err != nil {
		return nil, err
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
