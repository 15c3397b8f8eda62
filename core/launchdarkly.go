package core

// HeaderLaunchDarklySig is the signature header.
const HeaderLaunchDarklySig = "X-Ld-Signature"

var launchDarklySpec = bodyMACSpec(spec{
	scheme:  "X-LD-Signature: hex HMAC-SHA256(body)",
	secret:  "webhook secret",
	aliases: []string{"launchdarkly"},
}, bodyMACScheme{headers: []string{HeaderLaunchDarklySig}, alg: "sha256", enc: "hex"}, extractLaunchDarkly)

// LaunchDarkly: X-LD-Signature, hex HMAC-SHA256 of the body with the
// webhook's secret. The audit-log entry id (_id) is the dedup key.
func extractLaunchDarkly(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.DeliveryID = field(m, "_id")
	ev.Type = field(m, "kind")
	ev.ObjectType = ev.Type
	ev.ObjectID = field(m, "name")
	if a := objectAt(m, "accesses"); a != nil {
		ev.Action = actionOf(field(a, "action"))
	}
	ev.Subject = field(m, "member.email")
	ev.Time = timeField(m, "date")
	return nil, nil
}
