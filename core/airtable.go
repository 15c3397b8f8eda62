package core

// HeaderAirtableMAC is Airtable's signature header.
const HeaderAirtableMAC = "X-Airtable-Content-MAC"

// Airtable: X-Airtable-Content-MAC = "hmac-sha256=" hex HMAC-SHA256 of the
// raw body, keyed with the base64-DECODED macSecretBase64 returned when the
// webhook was created (configure macSecretBase64 itself as the secret).
// Deliveries are thin pings ({"base":{"id"},"webhook":{"id"},"timestamp"});
// the receiver fetches the payloads from the API. Pings are idempotent
// triggers and carry no delivery id. No options.
var airtableSpec = bodyMACSpec(spec{
	scheme: "X-Airtable-Content-MAC: hmac-sha256=hex HMAC-SHA256(body), key base64-decoded",
	secret: "macSecretBase64",
}, bodyMACScheme{headers: []string{HeaderAirtableMAC}, alg: "sha256", enc: "hex", prefix: "hmac-sha256=", keyEnc: "base64"}, airtableEvent)

func airtableEvent(r *Request, ev *Event) (*Reply, error) {
	ev.Type = "ping"
	ev.ObjectType = "webhook"
	ev.Action = ActionUpdated
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
		ev.Subject = field(m, "base.id")
		ev.ObjectID = field(m, "webhook.id")
		ev.Time = timeField(m, "timestamp")
	}
	return nil, nil
}
