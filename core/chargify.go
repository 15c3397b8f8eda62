package core

// Header names.
const (
	HeaderChargifySignature = "X-Chargify-Webhook-Signature-Hmac-Sha-256"
	HeaderChargifyWebhookID = "X-Chargify-Webhook-Id"
)

var chargifySpec = bodyMACSpec(spec{
	sigHeaders: []string{"X-Chargify-Webhook-Signature"}, // the legacy signature header, not checked
	scheme:     "X-Chargify-Webhook-Signature-Hmac-Sha-256: hex HMAC-SHA256(form body)",
	secret:     "site shared key",
	aliases:    []string{"maxio"},
}, bodyMACScheme{headers: []string{HeaderChargifySignature}, alg: "sha256", enc: "hex"}, extractChargify)

// Maxio Advanced Billing (Chargify): form-encoded body signed with
// X-Chargify-Webhook-Signature-Hmac-Sha-256, hex HMAC-SHA256 with the site's
// shared key. The webhook id is unchanged on retries: the dedup key.
func extractChargify(r *Request, ev *Event) (*Reply, error) {
	vals, err := formBody(r, ev)
	if err != nil {
		return nil, err
	}
	ev.DeliveryID = r.Header.Get(HeaderChargifyWebhookID)
	if ev.DeliveryID == "" {
		ev.DeliveryID = firstForm(vals, "id")
	}
	ev.Type = firstForm(vals, "event")
	for _, obj := range []string{"subscription", "customer", "invoice", "transaction", "component"} {
		if id := firstForm(vals, "payload["+obj+"][id]"); id != "" {
			ev.ObjectType = obj
			ev.ObjectID = id
			break
		}
	}
	ev.Subject = firstForm(vals, "payload[site][subdomain]")
	return nil, nil
}
