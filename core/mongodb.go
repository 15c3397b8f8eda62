package core

// Header names.
const (
	HeaderMongoDBSignature = "X-Mms-Signature"
	HeaderMongoDBEvent     = "X-Mms-Event"
)

var mongodbSpec = spec{
	build:      newMongoDB,
	scheme:     "X-MMS-Signature: base64 (or hex) HMAC-SHA1(body)",
	secret:     "webhook secret",
	sigHeaders: []string{HeaderMongoDBSignature},
	aliases:    []string{"mongodb_atlas"},
}

// MongoDB Atlas / Ops Manager alerts: X-MMS-Signature, HMAC-SHA1 of the body
// with the webhook secret, base64 (what Atlas sends) or hex (what the Ops
// Manager docs say); both are accepted.
func extractMongoDB(r *Request, ev *Event) error {
	m := jsonBody(r, ev)
	ev.Type = r.Header.Get(HeaderMongoDBEvent)
	ev.unsignedType()
	if m == nil {
		return nil
	}
	if ev.Type == "" {
		ev.Type = field(m, "eventTypeName")
	}
	ev.ObjectType = "alert"
	ev.ObjectID = field(m, "id")
	ev.Subject = field(m, "groupId")
	_, ev.Action = splitType(ev.Type)
	ev.Time = timeField(m, "updated")
	if ev.Time.IsZero() {
		ev.Time = timeField(m, "created")
	}
	return nil
}

// newMongoDB accepts the signature base64- or hex-encoded.
func newMongoDB(c *Config) (Provider, error) {
	p, err := newBodyMAC(c, "sha1", "base64", "", extractMongoDB, HeaderMongoDBSignature)
	if err != nil {
		return nil, err
	}
	p.altEnc = "hex"
	return p, nil
}
