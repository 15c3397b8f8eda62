package core

// HeaderTypeformSignature is Typeform's signature header.
const HeaderTypeformSignature = "Typeform-Signature"

var typeformSpec = spec{
	build:      newTypeform,
	scheme:     "Typeform-Signature: sha256=base64 HMAC-SHA256(body)",
	secret:     "webhook secret",
	sigHeaders: []string{"Typeform-Signature"},
}

// Typeform: Typeform-Signature = "sha256=" base64 HMAC-SHA256 of the raw
// body, keyed with the webhook secret. No timestamp is signed. The delivery
// id is the body's event_id. No options.
func newTypeform(c *Config) (Provider, error) {
	return bodyMACPreset("sha256", "base64", "sha256=", typeformEvent, HeaderTypeformSignature)(c)
}

func typeformEvent(r *Request, ev *Event) error {
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "event_id")
		ev.Type = field(m, "event_type")
		ev.ObjectType = "form_response"
		ev.ObjectID = field(m, "form_response.token")
		ev.Subject = field(m, "form_response.form_id")
		ev.Time = timeField(m, "form_response.submitted_at")
		ev.Action = ActionCreated
	}
	return nil
}
