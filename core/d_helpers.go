package core

import (
	"encoding/json"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Helpers shared by the group-D providers (names end in D so the groups never collide) (ngrok ids that providers.md does
// not cover). Everything cryptographic goes through crypto.go (macOf, anyMAC,
// equalToken); these only describe presets and pick fields.

// bodyMACD is the most common scheme: one or more headers carry an HMAC of the
// raw body, in one encoding, optionally after a prefix. altEnc, when set, is a
// second encoding accepted for the same header (MongoDB Atlas: base64 or hex).
// optPrefix, when set, is stripped from a signature that carries it (AfterShip
// Shipping's "hmac-sha256=") but not required.
type bodyMACD struct {
	keys      [][]byte
	h         func() hash.Hash
	headers   []string
	enc       string
	altEnc    string
	prefix    string
	optPrefix string
	extract   func(r *Request, ev *Event) error
}

// newBodyMACD builds a body-HMAC verifier; the keys are the configured secrets
// used verbatim.
func newBodyMACD(c *Config, alg, enc, prefix string, extract func(r *Request, ev *Event) error, headers ...string) (*bodyMACD, error) {
	keys, err := rawKeys(c)
	if err != nil {
		return nil, err
	}
	h, err := hashFunc(alg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Provider, err)
	}
	return &bodyMACD{keys: keys, h: h, headers: headers, enc: enc, prefix: prefix, extract: extract}, nil
}

// bodyMACPresetD returns a build function for a plain body-HMAC provider.
func bodyMACPresetD(alg, enc, prefix string, extract func(r *Request, ev *Event) error, headers ...string) func(c *Config) (Provider, error) {
	return func(c *Config) (Provider, error) {
		p, err := newBodyMACD(c, alg, enc, prefix, extract, headers...)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
}

func (p *bodyMACD) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	var sigs []string
	for _, name := range p.headers {
		for _, v := range r.Header.Values(name) {
			if p.optPrefix != "" {
				v = strings.TrimPrefix(strings.TrimSpace(v), p.optPrefix)
			}
			sigs = append(sigs, v)
		}
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
	return &Result{Event: ev}, nil
}

// parseUnixAutoD parses a unix timestamp sent in seconds or milliseconds
// (values above 1e11 are milliseconds: year 5138 in seconds).
func parseUnixAutoD(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ErrMissingTimestamp
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 1<<50 {
		return time.Time{}, ErrMalformedTimestamp
	}
	if n > 1e11 {
		return time.UnixMilli(n), nil
	}
	return time.Unix(n, 0), nil
}

// objectAtD returns the JSON object at path, or the first object of the JSON
// array at path, or nil.
func objectAtD(m map[string]interface{}, path string) map[string]interface{} {
	var cur interface{} = m
	for _, p := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]interface{})
		if !ok {
			return nil
		}
		cur = obj[p]
	}
	if obj, ok := cur.(map[string]interface{}); ok {
		return obj
	}
	if arr, ok := cur.([]interface{}); ok && len(arr) > 0 {
		if obj, ok := arr[0].(map[string]interface{}); ok {
			return obj
		}
	}
	return nil
}

// jsonBodyD decodes a JSON object body into ev.Payload; a body that is not a
// JSON object leaves ev untouched and returns nil (the signature already
// proved the sender, the payload is forwarded as it came).
func jsonBodyD(r *Request, ev *Event) map[string]interface{} {
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil
	}
	ev.Payload = m
	return m
}

// formBodyD parses a form-encoded body, sets ev.Data to its JSON rendering
// and returns the values; a body that does not parse is ErrMalformedPayload.
func formBodyD(r *Request, ev *Event) (map[string][]string, error) {
	vals, err := parseQuery(string(r.Body))
	if err != nil {
		return nil, err
	}
	ev.Data = formJSON(vals)
	return vals, nil
}

// firstFormD returns the first value of key in form values.
func firstFormD(v map[string][]string, key string) string {
	if l := v[key]; len(l) > 0 {
		return l[0]
	}
	return ""
}

// jsonStringJSD renders s as a JSON string the way JavaScript's JSON.stringify
// does: no HTML escaping and U+2028/U+2029 left as they are (encoding/json
// escapes both).
func jsonStringJSD(s string) (string, error) {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	out := strings.TrimSuffix(sb.String(), "\n")
	out = strings.ReplaceAll(out, `\u2028`, "\u2028")
	out = strings.ReplaceAll(out, `\u2029`, "\u2029")
	return out, nil
}
