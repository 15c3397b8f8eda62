package core

import (
	"fmt"
	"hash"
	"net/http"
	"strings"
)

// bodyMACScheme is the most common scheme (GitHub-style): one or more
// headers carry an HMAC of the raw body, in one encoding, optionally after a
// prefix. Every value of every listed header is tried, and every configured
// key (rotation). None of these schemes signs a timestamp. A provider using
// it keeps only what tells it apart: headers, algorithm, encoding, prefix and
// the event fields its extract reads.
type bodyMACScheme struct {
	headers []string // the signature headers, removed before forwarding
	alg     string   // sha256, sha1 or sha512
	enc     string   // hex or base64
	prefix  string   // required before the signature ("sha256=")
	// altEnc, when set, is a second encoding accepted for the same header
	// (MongoDB Atlas: base64 or hex).
	altEnc string
	// optPrefix, when set, is stripped from a signature that carries it
	// (AfterShip Shipping's "hmac-sha256=") but not required.
	optPrefix string
	// version, when set, means each header value is a comma-separated list
	// of "<version>=<sig>" (CircleCI, PagerDuty: "v1=..."): other versions
	// are skipped, and a header holding none is ErrMalformedSignature.
	version string
	// keyEnc is how the secrets decode into keys: "" (verbatim) or base64
	// (Airtable's macSecretBase64, Microsoft Teams' security token).
	keyEnc string
}

// bodyMAC verifies a bodyMACScheme and fills the event with extract.
type bodyMAC struct {
	bodyMACScheme
	keys    [][]byte
	h       func() hash.Hash
	extract extractFunc
}

// bodyMACSpec completes s as a body-HMAC provider: its build, and the
// scheme's headers removed before forwarding (before any s already lists).
func bodyMACSpec(s spec, b bodyMACScheme, extract extractFunc) spec {
	s.builder = func(c *Config) (Provider, error) {
		p, err := b.verifier(c, extract)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	s.sigHeaders = append(append([]string{}, b.headers...), s.sigHeaders...)
	return s
}

// verifier builds the verifier of c's secrets, for specs whose build wraps
// it (an option or a handshake of its own).
func (b bodyMACScheme) verifier(c *Config, extract extractFunc) (*bodyMAC, error) {
	keys, err := decodedKeys(c, b.keyEnc, "")
	if err != nil {
		return nil, err
	}
	h, err := hashFunc(b.alg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Provider, err)
	}
	return &bodyMAC{bodyMACScheme: b, keys: keys, h: h, extract: extract}, nil
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
	ev.bodyKey(r.Body) // body-only: its digest is the replay key
	return extracted(r, ev, p.extract)
}
