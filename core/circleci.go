package core

// CircleCI header names.
const (
	HeaderCircleCISignature = "Circleci-Signature"
	HeaderCircleCIEventType = "Circleci-Event-Type"
)

var circleciSpec = spec{
	build:      newCircleCI,
	scheme:     "circleci-signature: v1=hex HMAC-SHA256(body)",
	secret:     "webhook secret token",
	sigHeaders: []string{HeaderCircleCISignature},
}

// CircleCI: circleci-signature is a comma-separated list of versioned
// signatures, today only "v1=<hex HMAC-SHA256(signing secret, body)>". The
// body id is the delivery id (CircleCI: "use the id property to detect
// duplicates").
func newCircleCI(c *Config) (Provider, error) {
	p, err := newBodyMAC(c, "sha256", "hex", "", circleciEvent, HeaderCircleCISignature)
	if err != nil {
		return nil, err
	}
	p.version = "v1"
	return p, nil
}

func circleciEvent(r *Request, ev *Event) error {
	ev.Type = r.Header.Get(HeaderCircleCIEventType)
	ev.unsignedType()
	m := jsonBody(r, ev)
	if m == nil {
		return nil
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
	return nil
}
