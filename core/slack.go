package core

import (
	"fmt"
	"net/http"
	"time"
)

// Slack header names.
const (
	HeaderSlackSignature = "X-Slack-Signature"
	HeaderSlackTimestamp = "X-Slack-Request-Timestamp"
)

var slackSpec = spec{
	builder:    newSlack,
	handshake:  "url_verification challenge (after the signature check)",
	scheme:     "X-Slack-Signature: v0=hex HMAC-SHA256(v0:ts:body), 5 min window",
	secret:     "signing secret",
	sigHeaders: []string{"X-Slack-Signature"},
}

// Slack: X-Slack-Signature = "v0=" hex HMAC-SHA256(signing secret,
// "v0:" + X-Slack-Request-Timestamp + ":" + body), 5-minute window.
// The Events API url_verification challenge is answered at the edge, but
// only after its signature checks.
type slack struct {
	keys [][]byte
	tol  time.Duration
}

func newSlack(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &slack{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

// slackScheme is Slack's signature: v0 over X-Slack-Request-Timestamp.
var slackScheme = v0(HeaderSlackSignature, HeaderSlackTimestamp)

func (p *slack) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if _, err := slackScheme.verify(r, p.keys, p.tol, r.Body); err != nil {
		return nil, err
	}
	ev := &Event{}
	// The content type must say what the body is (issue #11: a signed
	// Events API body re-sent as a form verified).
	switch mediaType(r.Header.Get("Content-Type")) {
	case "application/x-www-form-urlencoded":
		return p.form(r, ev)
	case "application/json", "":
		return p.events(r, ev)
	}
	return nil, ErrUnsupportedMedia
}

// form reads a slash command or an interaction: a form with a command or a
// payload, nothing else (a JSON body is not a form).
func (p *slack) form(r *Request, ev *Event) (*Result, error) {
	vals, err := parseQuery(string(r.Body))
	if err != nil {
		return nil, err
	}
	if vals.Get("command") == "" && vals.Get("payload") == "" {
		return nil, fmt.Errorf("%w: a form with neither command nor payload", ErrMalformedPayload)
	}
	ev.Data = formJSON(vals)
	if c := vals.Get("command"); c != "" {
		ev.Type = "command"
		ev.ObjectType, ev.ObjectID = "command", c
	} else if pl := vals.Get("payload"); pl != "" {
		if m, err := decodeJSONObject([]byte(pl)); err == nil {
			ev.Type = field(m, "type")
			ev.Data = []byte(pl)
			ev.Payload = m
		}
	}
	ev.Subject = vals.Get("team_id")
	ev.signedKey(r.Header.Get(HeaderSlackTimestamp), r.Body, p.tol)
	return &Result{Event: ev}, nil
}

// events reads an Events API delivery (or its url_verification handshake).
func (p *slack) events(r *Request, ev *Event) (*Result, error) {
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	if field(m, "type") == "url_verification" {
		ch := field(m, "challenge")
		if err := validChallenge(ch); err != nil {
			return nil, err
		}
		return textReply(ch), nil
	}
	ev.Payload = m
	ev.DeliveryID = field(m, "event_id")
	ev.Type = field(m, "event.type")
	if ev.Type == "" {
		ev.Type = field(m, "type")
	}
	ev.Subject = field(m, "team_id")
	ev.ObjectType = ev.Type
	if et := field(m, "event_time"); et != "" {
		ev.Time = timeField(m, "event_time")
	}
	ev.signedKey(r.Header.Get(HeaderSlackTimestamp), r.Body, p.tol)
	return &Result{Event: ev}, nil
}
