package core

// HeaderSigSciSignature is the signature header.
const HeaderSigSciSignature = "X-Sigsci-Signature"

var signalSciencesSpec = spec{
	build:      bodyMACPreset("sha256", "hex", "", extractSignalSciences, HeaderSigSciSignature),
	scheme:     "X-SigSci-Signature: hex HMAC-SHA256(body)",
	secret:     "generic webhook signing key",
	sigHeaders: []string{HeaderSigSciSignature},
	aliases:    []string{"sigsci", "fastly_ngwaf"},
}

// Signal Sciences (Fastly Next-Gen WAF) generic webhooks: X-SigSci-Signature,
// hex HMAC-SHA256 of the body with the integration's signing key.
func extractSignalSciences(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "type")
	ev.ObjectType = ev.Type
	ev.Time = timeField(m, "created")
	return nil
}
