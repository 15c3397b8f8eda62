package core

var clerkSpec = swSpec(spec{
	scheme: "Svix: svix-signature v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
	secret: "whsec_ signing secret",
}, svixEvent)

var resendSpec = swSpec(spec{
	scheme: "Svix: svix-signature v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
	secret: "whsec_ signing secret",
}, svixEvent)

var svixSpec = swSpec(spec{
	scheme: "svix-signature (or webhook-signature): v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
	secret: "whsec_ signing secret",
}, svixEvent)

// svixEvent reads the payloads of Svix and the providers that deliver through
// it (Clerk, Resend): the scheme is Standard Webhooks under svix-* header names
// (webhook-* accepted too), checked 5 minutes both ways (the Svix libraries'
// window); svix-id is the same across retries and is the delivery id.
func svixEvent(r *Request, ev *Event) (*Reply, error) {
	m := jsonBody(r, ev)
	if m == nil {
		return nil, nil
	}
	ev.Type = field(m, "type") // user.created (Clerk), email.delivered (Resend)
	ev.ObjectType, ev.Action = splitType(ev.Type)
	if o := field(m, "data.object"); o != "" && o != "event" {
		ev.ObjectType = o // Clerk: "user", "session", ...
	}
	ev.ObjectID = firstField(m, "data.id", "data.email_id")
	ev.Subject = field(m, "instance_id")
	if t2 := timeField(m, "timestamp"); !t2.IsZero() {
		ev.Time = t2 // Clerk: unix ms
	} else if t2 := timeField(m, "created_at"); !t2.IsZero() {
		ev.Time = t2 // Resend: RFC 3339
	}
	return nil, nil
}
