package core

import (
	"time"
)

// HeaderStripeSignature is Stripe's signature header.
const HeaderStripeSignature = "Stripe-Signature"

// Stripe: "Stripe-Signature: t=<unix>,v1=<hex>[,v1=...]" where v1 is the hex
// HMAC-SHA256 of "t.body" keyed with the endpoint secret used verbatim
// (including its whsec_ prefix). Default window 5 minutes, checked both ways.
var stripeSpec = tv1Spec(spec{
	scheme: "Stripe-Signature: t=,v1=hex HMAC-SHA256(t.body), 5 min window",
	secret: "endpoint secret (whsec_..., used verbatim)",
}, stripeLike(HeaderStripeSignature, "v1", 5*time.Minute), fromJSON(jsonFields{
	id: "id", typ: "type", split: true, objectType: "data.object.object", objectID: "data.object.id", subject: []string{"account"}, time: "created",
}))
