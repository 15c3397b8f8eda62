package core

import (
	"fmt"
	"net/http"
	"strings"
)

var postmarkSpec = spec{
	builder:    newPostmark,
	scheme:     "HTTP Basic credentials from the webhook URL (or a query token with option token_param), compared in constant time",
	secret:     "user:password (or token)",
	sigHeaders: []string{"Authorization"},
	options: []OptionInfo{
		{"token_param", OptionString, "a query parameter carrying a token instead of Basic credentials"},
	},
}

// Postmark signs nothing: it authenticates webhooks with HTTP Basic
// credentials embedded in the webhook URL (https://user:pass@host/path).
// Each secret is "user:password"; the Authorization: Basic header must carry
// one of them (compared in constant time). Options:
//
//   - token_param: the name of a query parameter carrying a secret token
//     instead (for a webhook URL like https://host/hook?token=...); the
//     secrets are then compared with that parameter's value when the request
//     has no Authorization header.
//
// The Authorization header is removed before forwarding. Postmark sends no
// delivery id, so deliveries are not deduplicated; the type is RecordType
// (Delivery, Bounce, Open, Click, SpamComplaint, SubscriptionChange) or
// "Inbound" for inbound messages.
type postmark struct {
	creds      []string
	tokenParam string
}

func newPostmark(c *Config) (Provider, error) {
	if len(c.Secrets) == 0 {
		return nil, fmt.Errorf("%s: %w: at least one user:password (or token) is required", c.Provider, ErrEmptySecret)
	}
	p := &postmark{tokenParam: option(c, "token_param")}
	for i, s := range c.Secrets {
		if strings.TrimSpace(s) == "" {
			return nil, fmt.Errorf("%s: %w: secret #%d is empty", c.Provider, ErrEmptySecret, i+1)
		}
		if p.tokenParam == "" && !strings.Contains(s, ":") {
			return nil, fmt.Errorf("%s: %w: secret #%d must be user:password (or set option token_param)", c.Provider, ErrBadConfig, i+1)
		}
		p.creds = append(p.creds, s)
	}
	return p, nil
}

func (p *postmark) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	got := ""
	if a := r.Header.Get("Authorization"); a != "" {
		b, err := decodeBasicAuth(a)
		if err != nil {
			return nil, err
		}
		got = b
	} else if p.tokenParam != "" && r.URL != nil {
		got = r.URL.Query().Get(p.tokenParam)
	}
	if err := checkToken(p.creds, got); err != nil {
		return nil, err
	}
	ev := &Event{ObjectType: "message"}
	if p.tokenParam != "" {
		ev.stripQuery = []string{p.tokenParam}
	}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Type = field(m, "RecordType")
		if ev.Type == "" && field(m, "MessageID") != "" && field(m, "From") != "" {
			ev.Type = "Inbound"
		}
		ev.ObjectID = field(m, "MessageID")
		ev.Subject = field(m, "ServerID")
		ev.Time = timeField(m, bPostmarkTimeField(ev.Type))
		ev.Action = actionOf(ev.Type)
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}

// bPostmarkTimeField names the time field of a Postmark record type.
func bPostmarkTimeField(t string) string {
	switch t {
	case "Delivery":
		return "DeliveredAt"
	case "Bounce":
		return "BouncedAt"
	case "Open", "Click":
		return "ReceivedAt"
	case "SubscriptionChange":
		return "ChangedAt"
	}
	return "Date"
}
