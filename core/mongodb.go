package core

// Header names.
const (
	HeaderMongoDBSignature = "X-Mms-Signature"
	HeaderMongoDBEvent     = "X-Mms-Event"
)

// newMongoDB accepts the signature base64- or hex-encoded.
var mongodbSpec = bodyMACSpec(spec{
	scheme:  "X-MMS-Signature: base64 (or hex) HMAC-SHA1(body)",
	secret:  "webhook secret",
	aliases: []string{"mongodb_atlas"},
}, bodyMACScheme{headers: []string{HeaderMongoDBSignature}, alg: "sha1", enc: "base64", altEnc: "hex"}, extractMongoDB)

// MongoDB Atlas / Ops Manager alerts: X-MMS-Signature, HMAC-SHA1 of the body
// with the webhook secret, base64 (what Atlas sends) or hex (what the Ops
// Manager docs say); both are accepted.
func extractMongoDB(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	ev.Type = r.Header.Get(HeaderMongoDBEvent)
	ev.unsignedType()
	if m == nil {
		return nil, nil
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
	return nil, nil
}
