package core

import (
	"time"
)

// HeaderWorkOSSignature is WorkOS's signature header.
const HeaderWorkOSSignature = "WorkOS-Signature"

// WorkOS: "WorkOS-Signature: t=<unix ms>, v1=<hex>" where v1 is the hex
// HMAC-SHA256 of "t.body" keyed with the endpoint secret. Window: 180 s both
// ways (DEFAULT_TOLERANCE of the official workos-python SDK). The body id is
// the event id and the delivery id.
var workosSpec = tv1Spec(spec{
	scheme: "WorkOS-Signature: t=<ms>, v1=hex HMAC-SHA256(t.body), 180 s window",
	secret: "webhook endpoint secret",
}, tv1Scheme{header: HeaderWorkOSSignature, tsKey: "t", sigKey: "v1", sep: ",", glue: ".", unit: unitMillis, window: 180 * time.Second}, fromJSON(jsonFields{
	id: "id", typ: "event", split: true, objectType: "data.object", objectID: "data.id", subject: []string{"data.organization_id"}, time: "created_at",
}))
