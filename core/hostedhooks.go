package core

import (
	"time"
)

// HeaderHostedHooksSig is the signature header.
const HeaderHostedHooksSig = "Hostedhooks-Signature"

// HostedHooks: HostedHooks-Signature: t=<unix>,s=<hex HMAC-SHA256(endpoint
// signing secret, t.body)>; retries are re-signed with a new timestamp, and
// the message's event_id (unique per app) is the dedup key.
var hostedhooksSpec = tv1Spec(spec{
	scheme: "HostedHooks-Signature: t=,s=hex HMAC-SHA256(t.body), 5 min window",
	secret: "endpoint signing secret",
}, stripeLike(HeaderHostedHooksSig, "s", 5*time.Minute), fromJSON(jsonFields{
	id: "event_id", typ: "event_type", split: true,
}))
