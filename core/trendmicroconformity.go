package core

// HeaderConformitySig is the signature header.
const HeaderConformitySig = "X-Conformity-Signature"

var trendmicroConformitySpec = bodyMACSpec(spec{
	scheme:  "X-Conformity-Signature: hex HMAC-SHA256(body)",
	secret:  "webhook security token",
	aliases: []string{"conformity", "cloud_conformity"},
}, bodyMACScheme{headers: []string{HeaderConformitySig}, alg: "sha256", enc: "hex"}, extractConformity)

// Trend Micro Cloud One Conformity: X-Conformity-Signature, hex HMAC-SHA256
// of the body with the channel's security token.
func extractConformity(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	ev.Type = "notification"
	if m == nil {
		return nil, nil
	}
	if t := field(m, "type"); t != "" {
		ev.Type = t
	}
	ev.ObjectType = "check"
	ev.ObjectID = field(m, "id")
	ev.Subject = field(m, "accountId")
	return nil, nil
}
