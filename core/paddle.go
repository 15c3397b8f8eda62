package core

import (
	"time"
)

// HeaderPaddleSignature is Paddle Billing's signature header.
const HeaderPaddleSignature = "Paddle-Signature"

// DefaultPaddleTolerance is the default window for Paddle-Signature's ts.
// Paddle's SDKs default to 5 s, which at a gateway rejects genuine
// deliveries on a few seconds of clock skew or queueing; every delivery
// attempt is signed afresh, so a 60 s window (both ways) keeps replay
// exposure short while tolerating ordinary skew. Set tolerance to tighten it.
const DefaultPaddleTolerance = 60 * time.Second

// Paddle Billing: Paddle-Signature = "ts=<unix>;h1=<hex>[;h1=...]", h1 being
// the hex HMAC-SHA256 of "ts:body" keyed with the notification destination's
// secret key used verbatim (including its pdl_ prefix). Several h1 appear
// during rotation. The delivery id is the body's event_id. No options.
var paddleSpec = tv1Spec(spec{
	scheme: "Paddle-Signature: ts=;h1=hex HMAC-SHA256(ts:body), 60 s window",
	secret: "notification destination secret key (pdl_..., used verbatim)",
}, tv1Scheme{header: HeaderPaddleSignature, tsKey: "ts", sigKey: "h1", sep: ";", glue: ":", unit: unitSeconds, window: DefaultPaddleTolerance}, fromJSON(jsonFields{
	id: "event_id", typ: "event_type", split: true, objectID: "data.id", subject: []string{"data.customer_id"}, time: "occurred_at",
}))
