package core

import (
	"net/http"
	"time"
)

// tv1Scheme names the parts of a Stripe-style signature header,
// "t=<time>,v1=<hex HMAC-SHA256(t.body)>" (verifyTV1 of stripe.go), as each
// provider spells them: Mux, Calendly, Go1 ("t=,v1="), WorkOS (t in
// milliseconds), TikTok and HostedHooks ("t=,s="), Paddle ("ts=;h1=", glued
// with ":").
type tv1Scheme struct {
	header string // the signature header
	tsKey  string // name of the timestamp element ("t")
	sigKey string // name of the signature elements ("v1")
	sep    string // element separator (",")
	glue   string // between timestamp and body in the signed content (".")
	unit   string // timestamp unit (unitSeconds)
}

// stripeLike is the scheme "t=<unix>,<sigKey>=..." over "t.body" in header.
func stripeLike(header, sigKey string) tv1Scheme {
	return tv1Scheme{header: header, tsKey: "t", sigKey: sigKey, sep: ",", glue: ".", unit: unitSeconds}
}

// tv1 verifies a tv1Scheme header with the configured secrets used verbatim
// and a replay window in both directions (the configured tolerance or the
// provider's default); extract fills the event, whose Time is the signed
// timestamp until extract sets another.
type tv1 struct {
	keys    [][]byte
	tol     time.Duration
	s       tv1Scheme
	extract func(r *Request, ev *Event) error
}

// tv1Preset returns a build function for a tv1Scheme provider.
func tv1Preset(s tv1Scheme, def time.Duration, extract func(r *Request, ev *Event) error) func(c *Config) (Provider, error) {
	return func(c *Config) (Provider, error) {
		keys, err := rawKeys(c)
		if err != nil {
			return nil, err
		}
		return &tv1{keys: keys, tol: tolerance(c, def), s: s, extract: extract}, nil
	}
}

func (p *tv1) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	t, err := verifyTV1(r, p.s.header, p.keys, p.tol, p.s.tsKey, p.s.sigKey, p.s.sep, p.s.glue, p.s.unit)
	if err != nil {
		return nil, err
	}
	ev := &Event{Time: t, strip: []string{p.s.header}}
	if p.extract != nil {
		if err := p.extract(r, ev); err != nil {
			return nil, err
		}
	}
	ev.signedKey(t.String(), r.Body, p.tol)
	return &Result{Event: ev}, nil
}
