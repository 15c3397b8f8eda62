package core

import (
	"net/http"
	"time"
)

// Header names.
const (
	HeaderBuildkiteSignature = "X-Buildkite-Signature"
	HeaderBuildkiteToken     = "X-Buildkite-Token"
	HeaderBuildkiteEvent     = "X-Buildkite-Event"
)

// buildkiteScheme is X-Buildkite-Signature's format.
var buildkiteScheme = tv1Scheme{header: HeaderBuildkiteSignature, tsKey: "timestamp", sigKey: "signature", sep: ",", glue: ".", unit: unitSeconds, window: 5 * time.Minute}

var buildkiteSpec = spec{
	builder:    newBuildkite,
	scheme:     "X-Buildkite-Signature: timestamp=,signature=hex HMAC-SHA256(timestamp.body), 5 min window (window unconfirmed); or X-Buildkite-Token equal to the token",
	secret:     "webhook token",
	sigHeaders: []string{HeaderBuildkiteSignature, HeaderBuildkiteToken},
}

// Buildkite (Pipelines and Package Registries webhooks): either
// X-Buildkite-Signature: timestamp=<unix>,signature=<hex HMAC-SHA256(token,
// timestamp.body)> (preferred) or the plain token in X-Buildkite-Token,
// compared in constant time.
type buildkite struct {
	keys    [][]byte
	secrets []string
	tol     time.Duration
}

func newBuildkite(c *Config) (Provider, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	return &buildkite{keys: keys, secrets: c.Secrets, tol: tolerance(c, buildkiteScheme.window)}, nil
}

func (p *buildkite) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	ev := &Event{strip: []string{HeaderBuildkiteSignature, HeaderBuildkiteToken}}
	if r.Header.Get(HeaderBuildkiteSignature) != "" {
		t, err := buildkiteScheme.verify(r, p.keys, p.tol)
		if err != nil {
			return nil, err
		}
		ev.Time = t
		ev.signedKey(t.String(), r.Body, p.tol)
	} else if tok := r.Header.Get(HeaderBuildkiteToken); tok != "" {
		if !anyToken(p.secrets, tok) {
			return nil, ErrSignatureMismatch
		}
		ev.bodyKey(r.Body) // a token: the body is all there is to key on
	} else {
		return nil, ErrMissingSignature
	}
	ev.Type = r.Header.Get(HeaderBuildkiteEvent)
	ev.unsignedType()
	if m := jsonBody(r, ev); m != nil {
		if t := field(m, "event"); t != "" {
			ev.Type = t // the body's, which the signature covers
			ev.typeSource = ""
		}
		ev.Subject = field(m, "pipeline.slug")
		for _, k := range []string{"job", "build", "package", "agent"} {
			if id := field(m, k+".id"); id != "" {
				ev.ObjectType = k
				ev.ObjectID = id
				break
			}
		}
	}
	_, ev.Action = splitType(ev.Type)
	return &Result{Event: ev}, nil
}
