package core

import (
	"fmt"
	"hash"
	"net/http"
	"strings"
)

// bodyMAC is the most common scheme (GitHub-style): one or more headers carry
// an HMAC of the raw body, in one encoding, optionally after a prefix. Every
// value of every listed header is tried, and every configured key (rotation).
// None of these schemes signs a timestamp. The thin providers using it keep
// only what tells them apart: headers, algorithm, encoding, prefix and the
// event fields extract reads.
//
//   - altEnc, when set, is a second encoding accepted for the same header
//     (MongoDB Atlas: base64 or hex);
//   - optPrefix, when set, is stripped from a signature that carries it
//     (AfterShip Shipping's "hmac-sha256=") but not required;
//   - version, when set, means each header value is a comma-separated list of
//     "<version>=<sig>" (CircleCI, PagerDuty: "v1=..."): other versions are
//     skipped, and a header holding none is ErrMalformedSignature.
//
// The headers are removed before forwarding.
type bodyMAC struct {
	keys      [][]byte
	h         func() hash.Hash
	headers   []string
	enc       string
	altEnc    string
	prefix    string
	optPrefix string
	version   string
	extract   func(r *Request, ev *Event) error
}

// newBodyMAC builds a body-HMAC verifier; the keys are the configured secrets
// used verbatim.
func newBodyMAC(c *Config, alg, enc, prefix string, extract func(r *Request, ev *Event) error, headers ...string) (*bodyMAC, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	h, err := hashFunc(alg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Provider, err)
	}
	return &bodyMAC{keys: keys, h: h, headers: headers, enc: enc, prefix: prefix, extract: extract}, nil
}

// bodyMACPreset returns a build function for a plain body-HMAC provider.
func bodyMACPreset(alg, enc, prefix string, extract func(r *Request, ev *Event) error, headers ...string) func(c *Config) (Provider, error) {
	return func(c *Config) (Provider, error) {
		p, err := newBodyMAC(c, alg, enc, prefix, extract, headers...)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
}

func (p *bodyMAC) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	var sigs []string
	seen := false
	for _, name := range p.headers {
		for _, v := range r.Header.Values(name) {
			seen = true
			if p.version != "" {
				sigs = append(sigs, sigList(v, ",", "=", p.version)...)
				continue
			}
			if p.optPrefix != "" {
				v = strings.TrimPrefix(strings.TrimSpace(v), p.optPrefix)
			}
			sigs = append(sigs, v)
		}
	}
	if p.version != "" && seen && len(sigs) == 0 {
		return nil, ErrMalformedSignature
	}
	err := anyMAC(p.h, p.keys, p.enc, p.prefix, sigs, r.Body)
	if err != nil && p.altEnc != "" && len(sigs) > 0 {
		if err2 := anyMAC(p.h, p.keys, p.altEnc, p.prefix, sigs, r.Body); err2 == nil {
			err = nil
		} else if err == ErrMalformedSignature {
			err = err2
		}
	}
	if err != nil {
		return nil, err
	}
	ev := &Event{strip: p.headers}
	if p.extract != nil {
		if err := p.extract(r, ev); err != nil {
			return nil, err
		}
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}
