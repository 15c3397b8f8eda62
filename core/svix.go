package core

import (
	"net/http"
	"time"
)

// Svix and the providers that deliver through it (Clerk, Resend) use the
// Standard Webhooks scheme under svix-* header names (webhook-* accepted
// too): svix-signature is a space-separated list of "v1,<base64
// HMAC-SHA256(key, svix-id.svix-timestamp.body)>", the key being the
// base64-decoded signing secret after its "whsec_" prefix; svix-timestamp is
// checked 5 minutes both ways (the Svix libraries' window); svix-id is the
// same across retries and is the delivery id. No options.
type svix struct {
	keys [][]byte
	tol  time.Duration
}

func newSvix(c *Config) (Provider, error) {
	keys, err := decodedKeys(c, "base64", "whsec_")
	if err != nil {
		return nil, err
	}
	return &svix{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

func (p *svix) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	id, t, err := verifySW(r, p.keys, p.tol)
	if err != nil {
		return nil, err
	}
	ev := &Event{DeliveryID: id, Time: t}
	ev.strip = []string{HeaderSvixID, HeaderSvixTimestamp, HeaderWebhookID, HeaderWebhookTimestamp}
	if m, err := decodeJSONObject(r.Body); err == nil {
		ev.Payload = m
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
	return &Result{Event: ev}, nil
}
