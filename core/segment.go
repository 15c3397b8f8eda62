package core

// HeaderSegmentSignature is Twilio Segment's webhook signature header.
const HeaderSegmentSignature = "X-Signature"

var segmentSpec = spec{
	build:      newSegment,
	scheme:     "X-Signature: hex HMAC-SHA1(body)",
	secret:     "destination shared secret",
	sigHeaders: []string{"X-Signature"},
}

// Segment (webhook destination): X-Signature = hex HMAC-SHA1 of the raw body,
// keyed with the shared secret configured on the destination. No timestamp is
// signed. The message's messageId is the delivery id. No options.
func newSegment(c *Config) (Provider, error) {
	return bodyMACPreset("sha1", "hex", "", segmentEvent, HeaderSegmentSignature)(c)
}

func segmentEvent(r *Request, ev *Event) error {
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "messageId")
		ev.Type = field(m, "type") // track, identify, page, screen, group, alias
		ev.ObjectType = ev.Type
		ev.ObjectID = field(m, "event")
		ev.Subject = firstField(m, "userId", "anonymousId")
		ev.Time = timeField(m, "timestamp")
	}
	return nil
}
