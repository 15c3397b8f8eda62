package core

import (
	"net/http"
)

// HeaderTerraformSignature is HCP Terraform's notification signature header.
const HeaderTerraformSignature = "X-Tfe-Notification-Signature"

// HCP Terraform / Terraform Enterprise notification configurations (generic
// webhook destination): X-TFE-Notification-Signature = hex HMAC-SHA512(token,
// body). The verification notification sent when a configuration is created
// or enabled (trigger "verification") is answered at the edge with 200 after
// its signature checks.
var terraformSpec = bodyMACSpec(spec{
	handshake: "verification notification answered 200 after the signature check",
	scheme:    "X-TFE-Notification-Signature: hex HMAC-SHA512(body)",
	secret:    "notification configuration token",
	aliases:   []string{"terraform_cloud", "hcp_terraform", "terraform_enterprise"},
}, bodyMACScheme{headers: []string{HeaderTerraformSignature}, alg: "sha512", enc: "hex"}, terraformEvent)

func terraformEvent(r *Request, ev *Event) (*Reply, error) {
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil, err
	}
	n := firstObject(m, "notifications")
	if n == nil {
		return nil, ErrMalformedPayload
	}
	ev.Payload = m
	ev.Type = field(n, "trigger")
	if ev.Type == "verification" {
		return &Reply{Status: http.StatusOK, Header: textHeader()}, nil
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
	return nil, nil
}
