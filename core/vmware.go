package core

import (
	"fmt"
	"net/http"
	"strings"
)

var vmwareSpec = spec{
	builder: newVMware,
	scheme:  "HTTP Basic credentials of the notification rule (the body is not signed)",
	secret:  "username:password",
	aliases: []string{"vmware_workspace", "workspace_one"},
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
	ev.bodyKey(r.Body)
	return extracted(r, ev, vmwareEvent)
}

// vmwareEvent reads the delivery's JSON fields.
var vmwareEvent = fromJSON(jsonFields{
	typ: "EventType", object: "device", objectID: "DeviceId", subject: []string{"EnrollmentUserName"}, time: "EventTime",
})
