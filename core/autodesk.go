package core

// HeaderAutodeskSignature is the signature header.
const HeaderAutodeskSignature = "X-Adsk-Signature"

var autodeskSpec = spec{
	build:      bodyMACPreset("sha1", "hex", "sha1hash=", extractAutodesk, HeaderAutodeskSignature),
	scheme:     "x-adsk-signature: sha1hash=hex HMAC-SHA1(body)",
	secret:     "webhook secret token",
	sigHeaders: []string{HeaderAutodeskSignature},
	aliases:    []string{"autodesk_platform_services", "autodesk_forge", "aps"},
}

// Autodesk Platform Services: x-adsk-signature: sha1hash=<hex HMAC-SHA1 of
// the body> keyed with the webhook's secret token.
func extractAutodesk(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.Type = field(m, "hook.event")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	ev.ObjectID = field(m, "resourceUrn")
	ev.Subject = field(m, "hook.tenant")
	ev.Time = timeField(m, "hook.createdDate")
	return nil
}
