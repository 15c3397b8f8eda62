package core

// Razorpay header names.
const (
	HeaderRazorpaySignature = "X-Razorpay-Signature"
	HeaderRazorpayEventID   = "X-Razorpay-Event-Id"
)

// Razorpay: X-Razorpay-Signature is the hex HMAC-SHA256 of the raw body keyed
// with the webhook secret (not the API key secret). X-Razorpay-Event-Id stays
// the same on retries and is the delivery id.
var razorpaySpec = bodyMACSpec(spec{
	scheme: "X-Razorpay-Signature: hex HMAC-SHA256(body)",
	secret: "webhook secret",
}, bodyMACScheme{headers: []string{HeaderRazorpaySignature}, alg: "sha256", enc: "hex"}, razorpayEvent)

func razorpayEvent(r *Request, ev *Event) (*Reply, error) {
	ev.DeliveryID = r.Header.Get(HeaderRazorpayEventID)
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.Type = field(m, "event")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	if ev.ObjectType != "" {
		ev.ObjectID = field(m, "payload."+ev.ObjectType+".entity.id")
	}
	ev.Subject = field(m, "account_id")
	ev.Time = timeField(m, "created_at")
	return nil, nil
}
