//go:build gc
// +build gc

package core

// The compiled fast path. Hand-written byte loops are cheap when compiled
// and ~90x slower when Yaegi interprets them, so this file is built only by
// the gc toolchain: Yaegi evaluates "// +build" lines and never sets the gc
// tag, and uses fastpath_interp.go instead, which lets encoding/json do the
// byte work. Both must give the same results: TestFastJSONMatchesStdlib and
// FuzzFastJSON compare them.

import (
	"encoding/json"
	"unicode/utf8"
)

// decodeObject is decodeJSONObject's worker: one pass over body, no
// intermediate copy, strings without escapes taken as they are. Results are
// those of decodeJSONObjectStd (json.Decoder with UseNumber): same maps,
// slices, json.Number literals, string unescaping, U+FFFD for invalid UTF-8,
// same nesting limit, no key twice in an object; code is jsonOK,
// jsonNotObject, jsonTrailing or jsonDuplicate.
func decodeObject(body []byte) (map[string]interface{}, int) {
	// One copy of the body as a string: strings without escapes are
	// substrings of it (no allocation each), and it lives as long as the
	// payload does.
	p := jsonParser{b: body, s: string(body)}
	p.ws()
	if p.i >= len(body) || body[p.i] != '{' {
		return nil, jsonNotObject
	}
	m, ok := p.object()
	if !ok {
		if p.dup {
			return nil, jsonDuplicate
		}
		return nil, jsonNotObject
	}
	p.ws()
	if p.i != len(body) {
		return nil, jsonTrailing
	}
	return m, jsonOK
}

// maxJSONDepth is encoding/json's nesting limit.
const maxJSONDepth = 10000

type jsonParser struct {
	b     []byte
	s     string // string(b)
	i     int
	depth int
	dup   bool // an object held one key twice
}

// plainByte marks the bytes a JSON string may hold without escaping or
// UTF-8 checks: printable ASCII except '"' and '\\'.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (p *jsonParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (interface{}, bool) {
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; c {
	case '{':
		m, ok := p.object()
		if !ok {
			return nil, false
		}
		return m, true
	case '[':
		a, ok := p.array()
		if !ok {
			return nil, false
		}
		return a, true
	case '"':
		s, ok := p.str()
		if !ok {
			return nil, false
		}
		return s, true
	case 't':
		return true, p.lit("true")
	case 'f':
		return false, p.lit("false")
	case 'n':
		return nil, p.lit("null")
	}
	n, ok := p.number()
	if !ok {
		return nil, false
	}
	return n, true
}

func (p *jsonParser) lit(s string) bool {
	if len(p.b)-p.i < len(s) || string(p.b[p.i:p.i+len(s)]) != s {
		return false
	}
	p.i += len(s)
	return true
}

func (p *jsonParser) object() (map[string]interface{}, bool) {
	p.depth++
	if p.depth > maxJSONDepth {
		return nil, false
	}
	p.i++ // '{'
	m := make(map[string]interface{})
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		p.depth--
		return m, true
	}
	for {
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, false
		}
		p.i++
		p.ws()
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		if _, seen := m[k]; seen {
			p.dup = true
			return nil, false
		}
		m[k] = v
		p.ws()
		if p.i >= len(p.b) {
			return nil, false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			p.depth--
			return m, true
		default:
			return nil, false
		}
	}
}

func (p *jsonParser) array() ([]interface{}, bool) {
	p.depth++
	if p.depth > maxJSONDepth {
		return nil, false
	}
	p.i++ // '['
	a := []interface{}{}
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		p.depth--
		return a, true
	}
	for {
		p.ws()
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		a = append(a, v)
		p.ws()
		if p.i >= len(p.b) {
			return nil, false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			p.depth--
			return a, true
		default:
			return nil, false
		}
	}
}

// str reads a string at p.i (the opening quote). Plain ASCII is taken as
// is; valid UTF-8 without escapes too; anything else (escapes, invalid
// UTF-8) is unquoted by encoding/json itself, so its rules apply exactly.
func (p *jsonParser) str() (string, bool) {
	b := p.b
	start := p.i + 1
	i := start
	for i < len(b) && plainByte[b[i]] {
		i++
	}
	plain, escaped := true, false
	for i < len(b) {
		c := b[i]
		if c == '"' {
			break
		}
		switch {
		case c == '\\':
			escaped = true
			i += 2
			continue
		case c < 0x20:
			return "", false
		case c >= 0x80:
			plain = false
		}
		i++
	}
	if i >= len(b) {
		return "", false
	}
	p.i = i + 1
	if !escaped && (plain || utf8.Valid(b[start:i])) {
		return p.s[start:i], true
	}
	var s string
	if err := json.Unmarshal(b[start-1:i+1], &s); err != nil {
		return "", false
	}
	return s, true
}

// number reads a JSON number literal: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *jsonParser) number() (json.Number, bool) {
	b := p.b
	start := p.i
	i := p.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i >= len(b) {
		return "", false
	}
	if b[i] == '0' {
		i++
	} else if b[i] >= '1' && b[i] <= '9' {
		i = digits(b, i)
	} else {
		return "", false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return "", false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return "", false
		}
		i = j
	}
	p.i = i
	return json.Number(p.s[start:i]), true
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// encodeCloudEvent writes env and data in one buffer, the bytes
// encodeCloudEventStd (json.Marshal) gives, without reflection.
func encodeCloudEvent(env *ceEnvelope, data []byte) ([]byte, error) {
	n := len(env.SpecVersion) + len(env.ID) + len(env.Source) + len(env.Type) + len(env.Subject) +
		len(env.Time) + len(env.DataContentType) + len(env.DataBase64) + len(env.Provider) +
		len(env.ObjectType) + len(env.ObjectID) + len(env.Action) + len(env.TypeSource)
	b := make([]byte, 0, n+len(data)+192)
	b = appendMember(b, `{"specversion":`, env.SpecVersion, true)
	b = appendMember(b, `,"id":`, env.ID, true)
	b = appendMember(b, `,"source":`, env.Source, true)
	b = appendMember(b, `,"type":`, env.Type, true)
	b = appendMember(b, `,"subject":`, env.Subject, false)
	b = appendMember(b, `,"time":`, env.Time, true)
	b = appendMember(b, `,"datacontenttype":`, env.DataContentType, false)
	b = appendMember(b, `,"data_base64":`, env.DataBase64, false)
	b = appendMember(b, `,"provider":`, env.Provider, true)
	b = appendMember(b, `,"objecttype":`, env.ObjectType, false)
	b = appendMember(b, `,"objectid":`, env.ObjectID, false)
	b = appendMember(b, `,"action":`, env.Action, false)
	b = appendMember(b, `,"typesource":`, env.TypeSource, false)
	if data != nil {
		b = append(b, `,"data":`...)
		b = append(b, data...)
	}
	b = append(b, '}')
	return b, nil
}

// appendMember appends a JSON member: key (with its quotes, colon and leading
// comma) and the quoted value. An optional member is left out when empty, as
// omitempty does.
func appendMember(b []byte, key, val string, always bool) []byte {
	if val == "" && !always {
		return b
	}
	b = append(b, key...)
	return appendJSONString(b, val)
}

// htmlSafeByte marks what json.Marshal writes unescaped: printable ASCII
// except '"', '\\', '<', '>' and '&'.
var htmlSafeByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString appends s as json.Marshal writes it: plain strings as
// they are, anything else through json.Marshal itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !htmlSafeByte[s[i]] {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
