package core

var brexSpec = swSpec(spec{
	scheme: "Webhook-Signature: v1,base64 HMAC-SHA256(id.timestamp.body) (Standard Webhooks), 5 min window",
	secret: "webhook secret (base64, from GET /v1/webhooks/secrets; both during rotation)",
}, brexEvent)

// brexEvent reads Brex's payloads. Brex signs the Standard Webhooks way
// (Webhook-Id, Webhook-Timestamp, Webhook-Signature); the key is the base64
// secret GET /v1/webhooks/secrets returns (a "whsec_" prefix is accepted
// too). Brex lists two secrets while it rotates them: configure both.
func brexEvent(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.Type = field(m, "event_type")
	ev.Subject = field(m, "company_id")
	for _, k := range []string{"expense", "transfer", "user", "card", "referral"} {
		if v := field(m, k+"_id"); v != "" {
			ev.ObjectType = k
			ev.ObjectID = v
			break
		}
	}
	ev.Action = actionOf(ev.Type)
	return nil, nil
}
