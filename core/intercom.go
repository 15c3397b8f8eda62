package core

// HeaderIntercomSignature is Intercom's signature header.
const HeaderIntercomSignature = "X-Hub-Signature"

var intercomSpec = spec{
	build:      newIntercom,
	handshake:  "ping notification (verified, forwarded)",
	scheme:     "X-Hub-Signature: sha1=hex HMAC-SHA1(body)",
	secret:     "app client secret",
	sigHeaders: []string{"X-Hub-Signature"},
}

// Intercom: X-Hub-Signature = "sha1=" hex HMAC-SHA1 of the raw body, keyed
// with the app's client secret. No timestamp is signed. The notification
// object's id ("notif_...") is the delivery id: Intercom re-sends the same
// notification with a growing delivery_attempts count. The "ping" sent when a
// webhook is created or tested is an ordinary signed delivery. No options.
func newIntercom(c *Config) (Provider, error) {
	return bodyMACPreset("sha1", "hex", "sha1=", intercomEvent, HeaderIntercomSignature)(c)
}

func intercomEvent(r *Request, ev *Event) error {
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.DeliveryID = field(m, "id")
		ev.Type = field(m, "topic")
		ev.Subject = field(m, "app_id")
		ev.Time = timeField(m, "created_at")
		ev.ObjectType, ev.Action = splitType(ev.Type)
		if t := field(m, "data.item.type"); t != "" {
			ev.ObjectType = t
		}
		ev.ObjectID = field(m, "data.item.id")
	}
	return nil
}
