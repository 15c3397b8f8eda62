package core

import (
	"time"
)

// HeaderMuxSignature is Mux's signature header.
const HeaderMuxSignature = "Mux-Signature"

// Mux: "Mux-Signature: t=<unix s>,v1=<hex>" where v1 is the hex
// HMAC-SHA256 of "t.body" keyed with the webhook signing secret (used
// verbatim). Window: 300 s both ways (the SDK's default tolerance).
var muxSpec = tv1Spec(spec{
	scheme: "Mux-Signature: t=,v1=hex HMAC-SHA256(t.body), 5 min window",
	secret: "webhook signing secret",
}, stripeLike(HeaderMuxSignature, "v1", 5*time.Minute), fromJSON(jsonFields{
	id: "id", typ: "type", split: true, objectType: "object.type", objectID: "object.id", subject: []string{"environment.id"}, time: "created_at",
}))
