package core

import (
	"net/http"
	"strings"
)

var pipedriveSpec = spec{
	builder:    newPipedrive,
	scheme:     "none: HTTP Basic auth (http_auth_user / http_auth_password)",
	secret:     "user:password",
	sigHeaders: []string{"Authorization"},
	authStatus: 401,
}

// Pipedrive signs nothing: a webhook created with http_auth_user and
// http_auth_password is sent with HTTP Basic auth. Configure each secret as
// "user:password"; the Authorization header must match one of them
// (constant-time). Failures answer 401.
type pipedrive struct {
	auth []string // "Basic <base64(user:password)>"
}

func newPipedrive(c *Config) (Provider, error) {
	auth, err := basicAuthHeaders(c)
	if err != nil {
		return nil, err
	}
	return &pipedrive{auth: auth}, nil
}

func (p *pipedrive) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := checkToken(p.auth, strings.TrimSpace(r.Header.Get("Authorization"))); err != nil {
		return nil, err
	}
	ev := &Event{}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		if strings.HasPrefix(field(m, "meta.version"), "2") {
			// v2: meta.entity / meta.action / meta.entity_id; meta.id is the
			// event's id (kept across retries, which count in meta.attempt).
			ev.ObjectType = field(m, "meta.entity")
			act := field(m, "meta.action")
			ev.Type = ev.ObjectType + "." + act
			ev.Action = actionOf(act)
			if act == "change" {
				ev.Action = ActionUpdated
			}
			ev.ObjectID = field(m, "meta.entity_id")
			ev.DeliveryID = field(m, "meta.id")
			ev.Time = timeField(m, "meta.timestamp")
		} else {
			// v1: event "updated.deal", meta.action / meta.object / meta.id.
			ev.Type = field(m, "event")
			ev.ObjectType = field(m, "meta.object")
			ev.ObjectID = field(m, "meta.id")
			ev.Action = actionOf(field(m, "meta.action"), ev.Type)
			ev.Time = timeField(m, "meta.timestamp")
		}
		ev.Subject = field(m, "meta.company_id")
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
