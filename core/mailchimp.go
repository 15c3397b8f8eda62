package core

import (
	"net/http"
	"time"
)

var mailchimpSpec = spec{
	builder:   newMailchimp,
	handshake: "GET URL validation answered 200 (after the query secret check)",
	scheme:    "no signature: the secret is a query parameter of the callback URL (Options query_param, default secret)",
	secret:    "the secret put in the callback URL's query",
	options: []OptionInfo{
		{"query_param", OptionString, "the callback URL's query parameter carrying the secret (default secret)"},
	},
}

// Mailchimp (Marketing API list webhooks) signs nothing: the secret is a
// query parameter of the callback URL you register (Options "query_param",
// default "secret"). Mailchimp validates the URL with a GET, answered 200 at
// the edge once the secret checks; events are form-encoded POSTs.
type mailchimp struct {
	secrets []string
	param   string
}

func newMailchimp(c *Config) (Provider, error) {
	s, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	param := option(c, "query_param")
	if param == "" {
		param = "secret"
	}
	return &mailchimp{secrets: s, param: param}, nil
}

func (p *mailchimp) Verify(r *Request) (*Result, error) {
	if r.Method != http.MethodGet {
		if err := wantMethod(r, http.MethodPost); err != nil {
			return nil, err
		}
	}
	got := ""
	if r.URL != nil {
		got = r.URL.Query().Get(p.param)
	}
	if err := checkToken(p.secrets, got); err != nil {
		return nil, err
	}
	if r.Method == http.MethodGet {
		return textReply(""), nil
	}
	ev := &Event{stripQuery: []string{p.param}} // the URL secret is not forwarded
	vals, err := formBody(r, ev)
	if err != nil {
		return nil, err
	}
	ev.Type = firstForm(vals, "type")
	ev.Subject = firstForm(vals, "data[list_id]")
	ev.ObjectType = "member"
	ev.ObjectID = firstForm(vals, "data[id]")
	if ev.Type == "campaign" {
		ev.ObjectType = "campaign"
	}
	switch ev.Type {
	case "subscribe":
		ev.Action = ActionCreated
	case "unsubscribe", "cleaned":
		ev.Action = ActionDeleted
	case "profile", "upemail":
		ev.Action = ActionUpdated
	}
	if ts, err := time.ParseInLocation("2006-01-02 15:04:05", firstForm(vals, "fired_at"), time.UTC); err == nil {
		ev.Time = ts
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
