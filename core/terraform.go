package core

import (
	"crypto/sha512"
	"net/http"
)

// HeaderTerraformSignature is HCP Terraform's notification signature header.
const HeaderTerraformSignature = "X-Tfe-Notification-Signature"

var terraformSpec = spec{
	build:      newTerraform,
	handshake:  "verification notification answered 200 after the signature check",
	scheme:     "X-TFE-Notification-Signature: hex HMAC-SHA512(body)",
	secret:     "notification configuration token",
	sigHeaders: []string{HeaderTerraformSignature},
	aliases:    []string{"terraform_cloud", "hcp_terraform", "terraform_enterprise"},
}

// HCP Terraform / Terraform Enterprise notification configurations (generic
// webhook destination): X-TFE-Notification-Signature = hex HMAC-SHA512(token,
// body). The verification notification sent when a configuration is created
// or enabled (trigger "verification") is answered at the edge with 200 after
// its signature checks.
type terraform struct {
	keys [][]byte
}

func newTerraform(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &terraform{keys: keys}, nil
}

func (p *terraform) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if err := anyMAC(sha512.New, p.keys, "hex", "", r.Header.Values(HeaderTerraformSignature), r.Body); err != nil {
		return nil, err
	}
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	n := firstObject(m, "notifications")
	if n == nil {
		return nil, ErrMalformedPayload
	}
	ev := &Event{Payload: m, Type: field(n, "trigger")}
	if ev.Type == "verification" {
		return &Result{Reply: &Reply{Status: http.StatusOK, Header: textHeader()}}, nil
	}
	ev.ObjectID = field(m, "run_id")
	if ev.ObjectID != "" {
		ev.ObjectType = "run"
	}
	ev.Subject = field(m, "workspace_name")
	if org := field(m, "organization_name"); org != "" && ev.Subject != "" {
		ev.Subject = org + "/" + ev.Subject
	}
	ev.Action = actionOf(ev.Type)
	if ev.Type == "run:created" {
		ev.Action = ActionCreated
	}
	ev.Time = timeField(n, "run_updated_at")
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
