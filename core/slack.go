package core

import (
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
	if mediaType(r.Header.Get("Content-Type")) == "application/x-www-form-urlencoded" {
		// Slash commands and interactivity.
		vals, err := parseQuery(string(r.Body))
		if err != nil {
			return nil, err
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
