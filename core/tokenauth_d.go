package core

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Group-D providers that sign nothing: they send a shared secret (in the URL
// query, a header, or HTTP Basic credentials), compared in constant time with
// every configured secret. These prove only that the sender knows the secret;
// the body is not covered.

// Header names of the token schemes.
const (
	HeaderOrbitSignature = "X-Orbit-Signature"
	HeaderOrbitEventID   = "X-Orbit-Event-Id"
	HeaderOrbitEventType = "X-Orbit-Event-Type"
)

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
	return &Result{Event: ev}, nil
}

// Orbit: X-Orbit-Signature carries the webhook's secret itself (a token, not
// an HMAC); X-Orbit-Event-Id is the dedup key.
type orbit struct{ secrets []string }

func newOrbit(c *Config) (Provider, error) {
	s, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	return &orbit{secrets: s}, nil
}

func (p *orbit) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	got := r.Header.Get(HeaderOrbitSignature)
	if err := checkToken(p.secrets, got); err != nil {
		return nil, err
	}
	ev := &Event{DeliveryID: r.Header.Get(HeaderOrbitEventID), Type: r.Header.Get(HeaderOrbitEventType)}
	if i := strings.LastIndex(ev.Type, ":"); i > 0 {
		ev.ObjectType = ev.Type[:i]
		ev.Action = actionOf(ev.Type[i+1:])
	}
	if m := jsonBody(r, ev); m != nil {
		ev.ObjectID = field(m, "data.id")
	}
	return &Result{Event: ev}, nil
}

// VMware Workspace ONE UEM event notifications authenticate with HTTP Basic
// credentials set on the notification rule. The secret is "username:password"
// (ngrok's "username::password" form is accepted too).
type vmware struct{ creds []string }

func newVMware(c *Config) (Provider, error) {
	s, err := tokenSecrets(c)
	if err != nil {
		return nil, err
	}
	creds := make([]string, 0, len(s))
	for i, v := range s {
		if j := strings.Index(v, "::"); j >= 0 {
			v = v[:j] + ":" + v[j+2:]
		}
		if j := strings.Index(v, ":"); j <= 0 || j == len(v)-1 {
			return nil, fmt.Errorf("%s: %w: secret #%d must be username:password", c.Provider, ErrBadConfig, i+1)
		}
		creds = append(creds, v)
	}
	return &vmware{creds: creds}, nil
}

func (p *vmware) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	got, err := decodeBasicAuth(strings.TrimSpace(r.Header.Get("Authorization")))
	if err != nil {
		return nil, err
	}
	if !strings.Contains(got, ":") {
		return nil, fmt.Errorf("%w: undecodable Basic credentials", ErrMalformedSignature)
	}
	if !anyToken(p.creds, got) {
		return nil, ErrSignatureMismatch
	}
	ev := &Event{strip: []string{"Authorization"}}
	if m := jsonBody(r, ev); m != nil {
		ev.Type = field(m, "EventType")
		ev.ObjectType = "device"
		ev.ObjectID = field(m, "DeviceId")
		ev.Subject = field(m, "EnrollmentUserName")
		ev.Time = timeField(m, "EventTime")
		ev.Action = actionOf(ev.Type)
	}
	return &Result{Event: ev}, nil
}
