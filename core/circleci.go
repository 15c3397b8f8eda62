package core

// CircleCI header names.
const (
	HeaderCircleCISignature = "Circleci-Signature"
	HeaderCircleCIEventType = "Circleci-Event-Type"
)

// CircleCI: circleci-signature is a comma-separated list of versioned
// signatures, today only "v1=<hex HMAC-SHA256(signing secret, body)>". The
// body id is the delivery id (CircleCI: "use the id property to detect
// duplicates").
var circleciSpec = bodyMACSpec(spec{
	scheme: "circleci-signature: v1=hex HMAC-SHA256(body)",
	secret: "webhook secret token",
}, bodyMACScheme{headers: []string{HeaderCircleCISignature}, alg: "sha256", enc: "hex", version: "v1"}, circleciEvent)

func circleciEvent(r *Request, ev *Event) (*Reply, error) {
	ev.Type = r.Header.Get(HeaderCircleCIEventType)
	ev.unsignedType()
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.DeliveryID = field(m, "id")
	if t := field(m, "type"); t != "" {
		ev.Type = t
	}
	ev.Time = timeField(m, "happened_at")
	ev.Subject = field(m, "project.slug")
	for _, k := range []string{"job", "workflow"} {
		if id := field(m, k+".id"); id != "" {
			ev.ObjectType, ev.ObjectID = k, id
			ev.Action = actionOf(field(m, k+".status"), ev.Type)
			break
		}
	}
	return nil, nil
}
