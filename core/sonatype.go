package core

// Header names.
const (
	HeaderNexusSignature = "X-Nexus-Webhook-Signature"
	HeaderNexusWebhookID = "X-Nexus-Webhook-Id"
	HeaderNexusDelivery  = "X-Nexus-Webhook-Delivery"
)

var sonatypeSpec = bodyMACSpec(spec{
	scheme:  "X-Nexus-Webhook-Signature: hex HMAC-SHA1(body)",
	secret:  "webhook secret key",
	aliases: []string{"sonatype_nexus", "nexus"},
}, bodyMACScheme{headers: []string{HeaderNexusSignature}, alg: "sha1", enc: "hex"}, extractSonatype)

// Sonatype Nexus Repository: X-Nexus-Webhook-Signature, hex HMAC-SHA1 of the
// body with the webhook's secret key; X-Nexus-Webhook-Delivery is the dedup
// key and X-Nexus-Webhook-Id the event type.
func extractSonatype(r *Request, ev *Event) (*Reply, error) {
	ev.DeliveryID = r.Header.Get(HeaderNexusDelivery)
	ev.Type = r.Header.Get(HeaderNexusWebhookID)
	ev.unsignedType()
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.Action = actionOf(field(m, "action"))
	ev.Subject = field(m, "repositoryName")
	for _, k := range []string{"component", "asset", "repository"} {
		if id := field(m, k+"."+k+"Id"); id != "" {
			ev.ObjectType = k
			ev.ObjectID = id
			break
		}
	}
	ev.Time = timeField(m, "timestamp")
	return nil, nil
}
