package core

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// tv1Scheme names the parts of a Stripe-style signature header,
// "t=<time>,v1=<hex HMAC-SHA256(t.body)>[,v1=...]", as each provider spells
// them: Stripe, Mux, Calendly, Go1 ("t=,v1="), WorkOS (t in milliseconds),
// TikTok and HostedHooks ("t=,s="), Paddle ("ts=;h1=", glued with ":"),
// Buildkite ("timestamp=,signature="). The keys are the configured secrets
// used verbatim; the timestamp is checked against a window both ways.
type tv1Scheme struct {
	header string        // the signature header
	tsKey  string        // name of the timestamp element ("t")
	sigKey string        // name of the signature elements ("v1")
	sep    string        // element separator (",")
	glue   string        // between timestamp and body in the signed content (".")
	unit   string        // timestamp unit (unitSeconds)
	window time.Duration // default replay window (the configured tolerance wins)
}

// stripeLike is the scheme "t=<unix>,<sigKey>=..." over "t.body" in header.
func stripeLike(header, sigKey string, window time.Duration) tv1Scheme {
	return tv1Scheme{header: header, tsKey: "t", sigKey: sigKey, sep: ",", glue: ".", unit: unitSeconds, window: window}
}

// verify checks r's header with keys and window tol and returns the signed
// timestamp.
func (s *tv1Scheme) verify(r *Request, keys [][]byte, tol time.Duration) (time.Time, error) {
	hv := r.Header.Get(s.header)
	if hv == "" {
		return time.Time{}, ErrMissingSignature
	}
	ts := ""
	if l := sigList(hv, s.sep, "=", s.tsKey); len(l) > 0 {
		ts = l[0]
	}
	t, err := parseTime(ts, s.unit)
	if err != nil {
		return time.Time{}, err
	}
	sigs := sigList(hv, s.sep, "=", s.sigKey)
	if len(sigs) == 0 {
		return time.Time{}, ErrMalformedSignature
	}
	if err := anyMAC(sha256.New, keys, "hex", "", sigs, []byte(ts), []byte(s.glue), r.Body); err != nil {
		return time.Time{}, err
	}
	if err := checkWindow(t, r.Now, tol); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// tv1 verifies a tv1Scheme; extract fills the event, whose Time is the
// signed timestamp until extract sets another.
type tv1 struct {
	s       tv1Scheme
	keys    [][]byte
	tol     time.Duration
	extract extractFunc
}

// tv1Spec completes s as a tv1Scheme provider: its build, and the signature
// header removed before forwarding.
func tv1Spec(s spec, t tv1Scheme, extract extractFunc) spec {
	s.builder = func(c *Config) (Provider, error) {
		keys, err := rawKeys(c)
		if err != nil {
			return nil, err
		}
		return &tv1{s: t, keys: keys, tol: tolerance(c, t.window), extract: extract}, nil
	}
	s.sigHeaders = append([]string{t.header}, s.sigHeaders...)
	return s
}

func (p *tv1) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	t, err := p.s.verify(r, p.keys, p.tol)
	if err != nil {
		return nil, err
	}
	ev := &Event{Time: t, strip: []string{p.s.header}}
	ev.signedKey(t.String(), r.Body, p.tol)
	return extracted(r, ev, p.extract)
}
