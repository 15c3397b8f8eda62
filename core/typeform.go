package core

// HeaderTypeformSignature is Typeform's signature header.
const HeaderTypeformSignature = "Typeform-Signature"

// Typeform: Typeform-Signature = "sha256=" base64 HMAC-SHA256 of the raw
// body, keyed with the webhook secret. No timestamp is signed. The delivery
// id is the body's event_id. No options.
var typeformSpec = bodyMACSpec(spec{
	scheme: "Typeform-Signature: sha256=base64 HMAC-SHA256(body)",
	secret: "webhook secret",
}, bodyMACScheme{headers: []string{HeaderTypeformSignature}, alg: "sha256", enc: "base64", prefix: "sha256="}, fromJSON(jsonFields{
	id: "event_id", typ: "event_type", object: "form_response", objectID: "form_response.token", subject: []string{"form_response.form_id"}, time: "form_response.submitted_at", action: ActionCreated,
}))
