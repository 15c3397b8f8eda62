package core

import (
	"crypto/sha256"
)

// HeaderAirtableMAC is Airtable's signature header.
const HeaderAirtableMAC = "X-Airtable-Content-MAC"

var airtableSpec = spec{
	build:      newAirtable,
	scheme:     "X-Airtable-Content-MAC: hmac-sha256=hex HMAC-SHA256(body), key base64-decoded",
	secret:     "macSecretBase64",
	sigHeaders: []string{"X-Airtable-Content-MAC"},
}

// Airtable: X-Airtable-Content-MAC = "hmac-sha256=" hex HMAC-SHA256 of the
// raw body, keyed with the base64-DECODED macSecretBase64 returned when the
// webhook was created (configure macSecretBase64 itself as the secret).
// Deliveries are thin pings ({"base":{"id"},"webhook":{"id"},"timestamp"});
// the receiver fetches the payloads from the API. Pings are idempotent
// triggers and carry no delivery id. No options.
func newAirtable(c *Config) (Provider, error) {
	keys, err := decodedKeys(c, "base64", "")
	if err != nil {
		return nil, err
	}
	return &bodyMAC{keys: keys, h: sha256.New, enc: "hex", prefix: "hmac-sha256=", headers: []string{HeaderAirtableMAC}, extract: airtableEvent}, nil
}

func airtableEvent(r *Request, ev *Event) error {
	ev.Type = "ping"
	ev.ObjectType = "webhook"
	ev.Action = ActionUpdated
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Subject = field(m, "base.id")
		ev.ObjectID = field(m, "webhook.id")
		ev.Time = timeField(m, "timestamp")
	}
	return nil
}
