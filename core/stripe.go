package core

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// HeaderStripeSignature is Stripe's signature header.
const HeaderStripeSignature = "Stripe-Signature"

var stripeSpec = spec{
	build:      newStripe,
	scheme:     "Stripe-Signature: t=,v1=hex HMAC-SHA256(t.body), 5 min window",
	secret:     "endpoint secret (whsec_..., used verbatim)",
	sigHeaders: []string{"Stripe-Signature"},
}

// Stripe: "Stripe-Signature: t=<unix>,v1=<hex>[,v1=...]" where v1 is the hex
// HMAC-SHA256 of "t.body" keyed with the endpoint secret used verbatim
// (including its whsec_ prefix). Default window 5 minutes, checked both ways.
type stripe struct {
	keys [][]byte
	tol  time.Duration
}

func newStripe(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &stripe{keys: keys, tol: tolerance(c, 5*time.Minute)}, nil
}

// verifyTV1 checks a "t=...,v1=..." header (Stripe, Mux, Calendly...) over
// "t" + glue + body and returns the timestamp.
func verifyTV1(r *Request, header string, keys [][]byte, tol time.Duration, tsKey, sigKey, sep, glue, unit string) (time.Time, error) {
	hv := r.Header.Get(header)
	if hv == "" {
		return time.Time{}, ErrMissingSignature
	}
	ts := ""
	if l := sigList(hv, sep, "=", tsKey); len(l) > 0 {
		ts = l[0]
	}
	t, err := parseTime(ts, unit)
	if err != nil {
		return time.Time{}, err
	}
	sigs := sigList(hv, sep, "=", sigKey)
	if len(sigs) == 0 {
		return time.Time{}, ErrMalformedSignature
	}
	if err := anyMAC(sha256.New, keys, "hex", "", sigs, []byte(ts), []byte(glue), r.Body); err != nil {
		return time.Time{}, err
	}
	if err := checkWindow(t, r.Now, tol); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// stripeFields are what Stripe's Verify reads from the event.
var stripeFields = []string{"id", "type", "created", "data.object.object", "data.object.id", "account"}

func (p *stripe) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	if _, err := verifyTV1(r, HeaderStripeSignature, p.keys, p.tol, "t", "v1", ",", ".", unitSeconds); err != nil {
		return nil, err
	}
	ev := &Event{}
	if f := pickJSON(r.Body, stripeFields); f != nil {
		ev.isJSON = true
		ev.DeliveryID = jsonString(f[0])
		ev.Type = jsonString(f[1])
		ev.Time = timeValue(jsonString(f[2]))
		ev.ObjectType, ev.Action = splitType(ev.Type)
		if obj := jsonString(f[3]); obj != "" {
			ev.ObjectType = obj
		}
		ev.ObjectID = jsonString(f[4])
		ev.Subject = jsonString(f[5])
	}
	return &Result{Event: ev}, nil
}
