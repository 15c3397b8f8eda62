package core

// Header names.
const (
	HeaderAfterShip         = "Aftership-Hmac-Sha256"
	HeaderAfterShipReturns  = "As-Signature-Hmac-Sha256"
	HeaderAfterShipShipping = "Am-Webhook-Signature"
)

// newAfterShip accepts the three AfterShip headers; the Shipping header's
// "hmac-sha256=" prefix is stripped when present.
var aftershipSpec = bodyMACSpec(spec{
	scheme: "aftership-hmac-sha256 (Tracking), as-signature-hmac-sha256 (Returns, Warranty) or am-webhook-signature [hmac-sha256=] (Shipping): base64 HMAC-SHA256(body)",
	secret: "webhook secret",
}, bodyMACScheme{headers: []string{HeaderAfterShip, HeaderAfterShipReturns, HeaderAfterShipShipping}, alg: "sha256", enc: "base64", optPrefix: "hmac-sha256="}, extractAfterShip)

// AfterShip (Tracking: aftership-hmac-sha256; Returns and Warranty:
// as-signature-hmac-sha256; Shipping, organizations before 2022-10-25:
// am-webhook-signature with an optional "hmac-sha256=" prefix): base64
// HMAC-SHA256 of the body with the webhook secret. event_id is the dedup key.
func extractAfterShip(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.DeliveryID = field(m, "event_id")
	ev.Type = field(m, "event")
	if ev.Type == "" {
		ev.Type = field(m, "type")
	}
	if id := field(m, "msg.id"); id != "" {
		ev.ObjectType = "tracking"
		ev.ObjectID = id
		ev.Subject = field(m, "msg.tracking_number")
	}
	ev.Time = timeField(m, "ts")
	return nil, nil
}
