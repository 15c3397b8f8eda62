package core

// HeaderConformitySig is the signature header.
const HeaderConformitySig = "X-Conformity-Signature"

var trendmicroConformitySpec = spec{
	build:      bodyMACPreset("sha256", "hex", "", extractConformity, HeaderConformitySig),
	scheme:     "X-Conformity-Signature: hex HMAC-SHA256(body)",
	secret:     "webhook security token",
	sigHeaders: []string{HeaderConformitySig},
	aliases:    []string{"conformity", "cloud_conformity"},
}

// Trend Micro Cloud One Conformity: X-Conformity-Signature, hex HMAC-SHA256
// of the body with the channel's security token.
func extractConformity(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	ev.Type = "notification"
	if m == nil {
		return nil
	}
	if t := field(m, "type"); t != "" {
		ev.Type = t
	}
	ev.ObjectType = "check"
	ev.ObjectID = field(m, "id")
	ev.Subject = field(m, "accountId")
	return nil
}
