package core

// Header names.
const (
	HeaderHerokuSignature = "Heroku-Webhook-Hmac-Sha256"
	HeaderHerokuWebhookID = "Heroku-Webhook-Id"
)

var herokuSpec = bodyMACSpec(spec{
	scheme: "Heroku-Webhook-Hmac-SHA256: base64 HMAC-SHA256(body)",
	secret: "webhook secret",
}, bodyMACScheme{headers: []string{HeaderHerokuSignature}, alg: "sha256", enc: "base64"}, extractHeroku)

// Heroku app webhooks: Heroku-Webhook-Hmac-SHA256, base64 HMAC-SHA256 of the
// body with the webhook secret. The delivery id is the dedup key.
func extractHeroku(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	ev.DeliveryID = r.Header.Get(HeaderHerokuWebhookID)
	if m == nil {
		return nil, nil
	}
	if id := field(m, "webhook_metadata.delivery.id"); id != "" {
		ev.DeliveryID = id
	}
	res, act := field(m, "resource"), field(m, "action")
	ev.Type = res
	if act != "" {
		ev.Type = res + "." + act
	}
	ev.ObjectType = res
	ev.ObjectID = field(m, "data.id")
	ev.Action = actionOf(act)
	ev.Subject = field(m, "data.app.name")
	ev.Time = timeField(m, "created_at")
	return nil, nil
}
