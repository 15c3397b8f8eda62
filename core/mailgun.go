package core

import (
	"crypto/sha256"
	"net/http"
	"net/url"
	"time"
)

// DefaultMailgunTolerance is the default window for Mailgun's signed
// timestamp. Mailgun states none and warns that processing delays outside
// its control make an aggressive check unwise ("Securing Webhooks"); 10
// minutes (both ways) matches the default dedup memory, so a replay inside
// the window is caught by event-data.id.
const DefaultMailgunTolerance = 10 * time.Minute

var mailgunSpec = spec{
	builder: newMailgun,
	scheme:  "body signature.signature (or form field): hex HMAC-SHA256(timestamp + token), 10 min window; each signature accepted once (the event is not signed)",
	secret:  "HTTP webhook signing key",
}

// Mailgun signs inside the body: signature = hex HMAC-SHA256(HTTP webhook
// signing key, timestamp ‖ token), carried in the JSON "signature" object
// ({"timestamp","token","signature"}, plus "parent-signature" for
// subaccounts, tried too) or, for legacy webhooks, as the form fields
// timestamp, token, signature (urlencoded or multipart). The event data is
// not covered by the MAC. The token is random per request, so it is not a
// delivery id; the JSON event's event-data.id is. Because the MAC does not
// cover the event, each signature is accepted once (as Mailgun recommends):
// the token is a replay key, remembered twice the window, so a captured
// signature cannot carry other events. It is a two-phase key like any other:
// reserved while the delivery is forwarded (a copy meanwhile gets 409),
// released when the upstream fails, so Mailgun's retry with the same
// signature goes through, and delivered on a 2xx (later copies are
// duplicates). No options.
type mailgun struct {
	keys [][]byte
	tol  time.Duration
}

func newMailgun(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &mailgun{keys: keys, tol: tolerance(c, DefaultMailgunTolerance)}, nil
}

func (p *mailgun) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	ct := r.Header.Get("Content-Type")
	var ts, token string
	var sigs []string
	ev := &Event{ObjectType: "message"}
	switch mediaType(ct) {
	case "application/json", "":
		m, err := decodeJSONObject(r.Body)
		if err != nil {
			return nil, err
		}
		ts, token = field(m, "signature.timestamp"), field(m, "signature.token")
		for _, k := range []string{"signature.signature", "signature.parent-signature"} {
			if s := field(m, k); s != "" {
				sigs = append(sigs, s)
			}
		}
		ev.Payload = m
		ev.DeliveryID = field(m, "event-data.id")
		ev.Type = field(m, "event-data.event")
		ev.ObjectID = field(m, "event-data.message.headers.message-id")
		if t, err := parseTime(field(m, "event-data.timestamp"), unitFloat); err == nil {
			ev.Time = t
		}
	case "application/x-www-form-urlencoded", "multipart/form-data":
		var vals url.Values
		var err error
		if mediaType(ct) == "multipart/form-data" {
			vals, err = multipartFields(ct, r.Body)
		} else {
			vals, err = parseQuery(string(r.Body))
		}
		if err != nil {
			return nil, err
		}
		ts, token = vals.Get("timestamp"), vals.Get("token")
		if s := vals.Get("signature"); s != "" {
			sigs = append(sigs, s)
		}
		ev.Data = formJSON(vals)
		ev.Type = vals.Get("event")
		ev.ObjectID = bFirst(vals.Get("Message-Id"), vals.Get("message-id"))
	default:
		return nil, ErrUnsupportedMedia
	}
	if len(sigs) == 0 {
		return nil, ErrMissingSignature
	}
	t, err := parseTime(ts, unitSeconds)
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, ErrMalformedSignature
	}
	if err := anyMAC(sha256.New, p.keys, "hex", "", sigs, []byte(ts), []byte(token)); err != nil {
		return nil, err
	}
	if err := checkWindow(t, r.Now, p.tol); err != nil {
		return nil, err
	}
	// Twice the window: the token is known at least until its timestamp
	// has left the window on either side.
	ev.addKey("mailgun_token", token, 2*p.tol)
	if ev.Time.IsZero() {
		ev.Time = t
	}
	ev.Action = actionOf(ev.Type)
	return &Result{Event: ev}, nil
}
