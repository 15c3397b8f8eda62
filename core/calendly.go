package core

import (
	"time"
)

// HeaderCalendlySignature is Calendly's signature header.
const HeaderCalendlySignature = "Calendly-Webhook-Signature"

// Calendly: Calendly-Webhook-Signature = "t=<unix>,v1=<hex>", v1 being the
// hex HMAC-SHA256 of "t.body" keyed with the webhook signing key. Calendly's
// own example rejects t older than 3 minutes; this provider checks 3 minutes
// both ways by default. Calendly sends no delivery id, so deliveries are not
// deduplicated. No options.
var calendlySpec = tv1Spec(spec{
	scheme: "Calendly-Webhook-Signature: t=,v1=hex HMAC-SHA256(t.body), 3 min window",
	secret: "webhook signing key",
}, stripeLike(HeaderCalendlySignature, "v1", 3*time.Minute), fromJSON(jsonFields{
	typ: "event", split: true, objectID: "payload.uri", subject: []string{"payload.scheduled_event.uri", "payload.event"}, time: "created_at",
}))
