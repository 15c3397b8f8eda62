package core

import (
	"time"
)

// HeaderGo1Signature is the signature header.
const HeaderGo1Signature = "Go1-Signature"

// Go1: go1-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>; the
// official verifier (go1com/webhook-verifier-js) allows 60 seconds. The event
// id is unchanged across attempts (attempt_number counts them).
var go1Spec = tv1Spec(spec{
	scheme: "go1-signature: t=,v1=hex HMAC-SHA256(t.body), 60 s window",
	secret: "webhook shared secret",
}, stripeLike(HeaderGo1Signature, "v1", 60*time.Second), fromJSON(jsonFields{
	id: "id", typ: "event_type", split: true, objectID: "data.id", subject: []string{"webhook_id"},
}))
