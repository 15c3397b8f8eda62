package core

import (
	"time"
)

// HeaderWorkOSSignature is WorkOS's signature header.
const HeaderWorkOSSignature = "WorkOS-Signature"

var workosSpec = spec{
	build:      newWorkOS,
	scheme:     "WorkOS-Signature: t=<ms>, v1=hex HMAC-SHA256(t.body), 180 s window",
	secret:     "webhook endpoint secret",
	sigHeaders: []string{HeaderWorkOSSignature},
}

// WorkOS: "WorkOS-Signature: t=<unix ms>, v1=<hex>" where v1 is the hex
// HMAC-SHA256 of "t.body" keyed with the endpoint secret. Window: 180 s both
// ways (DEFAULT_TOLERANCE of the official workos-python SDK). The body id is
// the event id and the delivery id.
func newWorkOS(c *Config) (Provider, error) {
	return tv1Preset(tv1Scheme{header: HeaderWorkOSSignature, tsKey: "t", sigKey: "v1", sep: ",", glue: ".", unit: unitMillis}, 180*time.Second, workosEvent)(c)
}

func workosEvent(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "id")
	ev.Type = field(m, "event")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	if obj := field(m, "data.object"); obj != "" {
		ev.ObjectType = obj
	}
	ev.ObjectID = field(m, "data.id")
	ev.Subject = field(m, "data.organization_id")
	if t2 := timeField(m, "created_at"); !t2.IsZero() {
		ev.Time = t2
	}
	return nil
}
