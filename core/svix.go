package core

var clerkSpec = spec{
	build:      swPreset(svixEvent),
	scheme:     "Svix: svix-signature v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
	secret:     "whsec_ signing secret",
	sigHeaders: []string{"Svix-Signature", "Webhook-Signature"},
}

var resendSpec = spec{
	build:      swPreset(svixEvent),
	scheme:     "Svix: svix-signature v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
	secret:     "whsec_ signing secret",
	sigHeaders: []string{"Svix-Signature", "Webhook-Signature"},
}

var svixSpec = spec{
	build:      swPreset(svixEvent),
	scheme:     "svix-signature (or webhook-signature): v1,base64 HMAC-SHA256(id.timestamp.body), 5 min window",
	secret:     "whsec_ signing secret",
	sigHeaders: []string{"Svix-Signature", "Webhook-Signature"},
}

// svixEvent reads the payloads of Svix and the providers that deliver through
// it (Clerk, Resend): the scheme is Standard Webhooks under svix-* header names
// (webhook-* accepted too), checked 5 minutes both ways (the Svix libraries'
// window); svix-id is the same across retries and is the delivery id.
func svixEvent(m map[string]interface{}, ev *Event) {
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
}
