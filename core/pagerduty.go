package core

// HeaderPagerDutySignature is PagerDuty's (Webhooks v3) signature header.
const HeaderPagerDutySignature = "X-PagerDuty-Signature"

var pagerdutySpec = spec{
	build:      newPagerDuty,
	scheme:     "X-PagerDuty-Signature: comma list of v1=hex HMAC-SHA256(body)",
	secret:     "webhook subscription secret",
	sigHeaders: []string{HeaderPagerDutySignature},
}

// PagerDuty (Webhooks v3): X-PagerDuty-Signature is a comma-separated list of
// "v1=<hex HMAC-SHA256(subscription secret, body)>" (one per active secret);
// any match passes. event.id in the body is the delivery id.
func newPagerDuty(c *Config) (Provider, error) {
	p, err := newBodyMAC(c, "sha256", "hex", "", pagerdutyEvent, HeaderPagerDutySignature)
	if err != nil {
		return nil, err
	}
	p.version = "v1"
	return p, nil
}

func pagerdutyEvent(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	if m == nil {
		return nil
	}
	ev.DeliveryID = field(m, "event.id")
	ev.Type = field(m, "event.event_type")
	ev.ObjectType, ev.Action = splitType(ev.Type)
	if rt := field(m, "event.resource_type"); rt != "" {
		ev.ObjectType = rt
	}
	ev.ObjectID = field(m, "event.data.id")
	ev.Subject = field(m, "event.data.service.id")
	ev.Time = timeField(m, "event.occurred_at")
	return nil
}
