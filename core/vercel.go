package core

// HeaderVercelSignature is Vercel's signature header.
const HeaderVercelSignature = "X-Vercel-Signature"

// Vercel: x-vercel-signature = hex HMAC-SHA1 of the raw body, keyed with the
// webhook secret (account/team webhooks) or the integration's client secret.
// No timestamp is signed. The body's event id is the delivery id. No options.
var vercelSpec = bodyMACSpec(spec{
	scheme: "x-vercel-signature: hex HMAC-SHA1(body)",
	secret: "webhook secret or integration client secret",
}, bodyMACScheme{headers: []string{HeaderVercelSignature}, alg: "sha1", enc: "hex"}, vercelEvent)

func vercelEvent(r *Request, ev *Event) (*Reply, error) {
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "id")
		ev.Type = field(m, "type")
		ev.Time = timeField(m, "createdAt")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		for _, k := range []string{"deployment", "domain", "project", "check"} {
			if id := field(m, "payload."+k+".id"); id != "" {
				ev.ObjectID = id
				if ev.ObjectType == "" {
					ev.ObjectType = k
				}
				break
			}
		}
		ev.Subject = firstField(m, "payload.team.id", "payload.user.id")
	}
	return nil, nil
}
