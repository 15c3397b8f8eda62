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
	"bytes"
	"crypto/hmac"
	"encoding/binary"
	"encoding/json"
	"hash"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
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

// pickJSON reads the values at paths from body, one JSON object, in one
// pass that validates the whole of it (what json.Valid accepts) and builds
// nothing but the result: vals[i] is the raw text of the value at paths[i]
// (a sub-slice of body), nil when absent. nil when body is not one JSON
// object, or when an object in it holds one key twice.
func pickJSON(body []byte, paths []string) [][]byte {
	if len(paths) > 64 {
		// One bit per path below; more paths than that are read in turns.
		a, b := pickJSON(body, paths[:64]), pickJSON(body, paths[64:])
		if a == nil || b == nil {
			return nil
		}
		return append(a, b...)
	}
	vals := make([][]byte, len(paths))
	s := jsonScan{b: body, top: topIndex(paths)}
	s.ws()
	if s.i >= len(body) || body[s.i] != '{' {
		return nil
	}
	var all uint64
	for i := 0; i < len(paths); i++ {
		all |= 1 << uint(i)
	}
	if !s.object(paths, vals, all, 0, 1) {
		return nil
	}
	s.ws()
	if s.i != len(body) {
		return nil
	}
	return vals
}

// jsonScan validates JSON without building values (encoding/json's grammar
// and nesting limit).
type jsonScan struct {
	b   []byte
	i   int
	top map[string][2]uint64 // the top level's keys: leaf and sub masks (topIndex)
}

// topIndexes caches, per path list (its first element's address: the
// lists are package variables), which paths each top-level key ends
// (leaf) or leads into (sub), so a key is one map lookup, not a loop over
// every path. Keyed by the list's first element's address and its length.
var topIndexes sync.Map // topKey -> map[string][2]uint64

type topKey struct {
	first *string
	n     int
}

func topIndex(paths []string) map[string][2]uint64 {
	if len(paths) == 0 {
		return nil
	}
	if m, ok := topIndexes.Load(topKey{&paths[0], len(paths)}); ok {
		return m.(map[string][2]uint64)
	}
	m := map[string][2]uint64{}
	for j := 0; j < len(paths); j++ {
		p := paths[j]
		k, rest := p, false
		if i := strings.IndexByte(p, '.'); i >= 0 {
			k, rest = p[:i], true
		}
		e := m[k]
		if rest {
			e[1] |= uint64(1) << uint(j)
		} else {
			e[0] |= uint64(1) << uint(j)
		}
		m[k] = e
	}
	topIndexes.Store(topKey{&paths[0], len(paths)}, m)
	return m
}

func (s *jsonScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// object scans the object at s.i ('{'). active marks the paths that still
// match at this level, each having its first off bytes matched.
func (s *jsonScan) object(paths []string, vals [][]byte, active uint64, off, depth int) bool {
	if depth > maxJSONDepth {
		return false
	}
	b := s.b
	s.i++ // '{'
	s.ws()
	if s.i < len(b) && b[s.i] == '}' {
		s.i++
		return true
	}
	var seenBuf [16][]byte
	seen := seenBuf[:0]
	for {
		s.ws()
		if s.i >= len(b) || b[s.i] != '"' {
			return false
		}
		ks := s.i
		esc, ok := s.str()
		if !ok {
			return false
		}
		ke := s.i
		key := b[ks+1 : ke-1]
		if esc {
			var k string
			if json.Unmarshal(b[ks:ke], &k) != nil {
				return false
			}
			key = []byte(k)
		}
		// No key twice in one object: parsers disagree on which one wins
		// (decodeObject refuses the same).
		for j := 0; j < len(seen); j++ {
			if bytes.Equal(seen[j], key) {
				return false
			}
		}
		seen = append(seen, key)
		s.ws()
		if s.i >= len(b) || b[s.i] != ':' {
			return false
		}
		s.i++
		s.ws()
		var leaf, sub uint64
		if active != 0 {
			if off == 0 && s.top != nil {
				m := s.top[string(key)]
				leaf, sub = m[0]&active, m[1]&active
			} else {
				leaf, sub = matchKey(paths, active, off, key)
			}
		}
		start := s.i
		if sub != 0 {
			// A repeated key replaces what an earlier one held.
			for j := 0; j < len(paths); j++ {
				if sub&(uint64(1)<<uint(j)) != 0 {
					vals[j] = nil
				}
			}
		}
		if sub != 0 && s.i < len(b) && b[s.i] == '{' {
			if !s.object(paths, vals, sub, off+len(key)+1, depth+1) {
				return false
			}
		} else if !s.value(depth) {
			return false
		}
		if leaf != 0 {
			for j := 0; j < len(paths); j++ {
				if leaf&(uint64(1)<<uint(j)) != 0 {
					vals[j] = b[start:s.i]
				}
			}
		}
		s.ws()
		if s.i >= len(b) {
			return false
		}
		switch b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// matchKey returns the active paths whose next step is key: those it
// ends (leaf) and those it leads into (sub). A key holding a dot is no
// step of a dotted path.
func matchKey(paths []string, active uint64, off int, key []byte) (uint64, uint64) {
	var leaf, sub uint64
	if bytes.IndexByte(key, '.') >= 0 {
		return 0, 0
	}
	for j := 0; j < len(paths); j++ {
		bit := uint64(1) << uint(j)
		if active&bit == 0 {
			continue
		}
		p := paths[j][off:]
		if len(p) < len(key) || p[:len(key)] != string(key) {
			continue
		}
		if len(p) == len(key) {
			leaf |= bit
		} else if p[len(key)] == '.' {
			sub |= bit
		}
	}
	return leaf, sub
}

// value skips one value at s.i, checking it; depth is the nesting of the
// value's container.
func (s *jsonScan) value(depth int) bool {
	b := s.b
	if s.i >= len(b) {
		return false
	}
	switch b[s.i] {
	case '{':
		return s.object(nil, nil, 0, 0, depth+1)
	case '[':
		return s.array(depth + 1)
	case '"':
		_, ok := s.str()
		return ok
	case 't':
		return s.lit("true")
	case 'f':
		return s.lit("false")
	case 'n':
		return s.lit("null")
	}
	return s.number()
}

func (s *jsonScan) array(depth int) bool {
	if depth > maxJSONDepth {
		return false
	}
	b := s.b
	s.i++ // '['
	s.ws()
	if s.i < len(b) && b[s.i] == ']' {
		s.i++
		return true
	}
	for {
		s.ws()
		if !s.value(depth) {
			return false
		}
		s.ws()
		if s.i >= len(b) {
			return false
		}
		switch b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

func (s *jsonScan) lit(l string) bool {
	if len(s.b)-s.i < len(l) || string(s.b[s.i:s.i+len(l)]) != l {
		return false
	}
	s.i += len(l)
	return true
}

// number skips -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScan) number() bool {
	b := s.b
	i := s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i >= len(b) {
		return false
	}
	if b[i] == '0' {
		i++
	} else if b[i] >= '1' && b[i] <= '9' {
		i = digits(b, i)
	} else {
		return false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return false
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
			return false
		}
		i = j
	}
	s.i = i
	return true
}

// SWAR constants: a byte in each lane.
const (
	lanes01 = 0x0101010101010101
	lanes80 = 0x8080808080808080
)

// str skips the string at s.i (its opening quote) and reports whether it
// held an escape. Eight bytes at a time while none is '"', '\\' or a
// control byte (bytes >= 0x80 are taken as they are, as json.Valid does).
func (s *jsonScan) str() (bool, bool) {
	b := s.b
	i := s.i + 1
	for i+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ (lanes01 * '"')
		e := x ^ (lanes01 * '\\')
		t := ((q - lanes01) &^ q) | ((e - lanes01) &^ e) | ((x - lanes01*0x20) &^ x)
		if t&lanes80 != 0 {
			break
		}
		i += 8
	}
	esc := false
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			s.i = i + 1
			return esc, true
		case c == '\\':
			esc = true
			if i+1 >= len(b) {
				return false, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex4(b[i+2:i+6]) {
					return false, false
				}
				i += 6
			default:
				return false, false
			}
		case c < 0x20:
			return false, false
		default:
			i++
		}
	}
	return false, false
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// jsonString is the text of a raw JSON value as field gives it: a string
// unquoted, a number's literal, "true" or "false"; "" for anything else.
func jsonString(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		in := raw[1 : len(raw)-1]
		for i := 0; i < len(in); i++ {
			if !plainByte[in[i]] {
				var s string
				if json.Unmarshal(raw, &s) != nil {
					return ""
				}
				return s
			}
		}
		return string(in)
	case '{', '[', 'n':
		return ""
	}
	return string(raw)
}

// jsonStrings is the strings and numbers of a raw JSON array, as fieldList
// gives them; nil when raw is not an array.
func jsonStrings(raw []byte) []string {
	if len(raw) == 0 || raw[0] != '[' {
		return nil
	}
	s := jsonScan{b: raw, i: 1}
	var out []string
	for {
		s.ws()
		if s.i >= len(raw) || raw[s.i] == ']' {
			return out
		}
		start := s.i
		if !s.value(1) {
			return out
		}
		if c := raw[start]; c == '"' || c == '-' || c >= '0' && c <= '9' {
			out = append(out, jsonString(raw[start:s.i]))
		}
		s.ws()
		if s.i < len(raw) && raw[s.i] == ',' {
			s.i++
		}
	}
}

// macOf computes HMAC(key, parts...) with a keyed state taken from a pool:
// hmac.New costs two hash blocks (the padded key) and six allocations, a
// Reset of a used state restores the keyed state without either.
func macOf(h func() hash.Hash, key []byte, parts ...[]byte) []byte {
	p := macPool(h, key)
	var m hash.Hash
	if p != nil {
		m = p.Get().(hash.Hash)
	} else {
		m = hmac.New(h, key)
	}
	for _, b := range parts {
		m.Write(b)
	}
	out := m.Sum(make([]byte, 0, 64))
	if p != nil {
		m.Reset()
		p.Put(m)
	}
	return out
}

// macPools holds one pool of keyed HMAC states per hash function and key
// (route secrets and sign keys: a bounded number, maxMACPools; beyond it
// states are built each time).
var macPools = struct {
	sync.RWMutex
	m map[uintptr]map[string]*sync.Pool
	n int
}{m: map[uintptr]map[string]*sync.Pool{}}

const maxMACPools = 512

func macPool(h func() hash.Hash, key []byte) *sync.Pool {
	fn := reflect.ValueOf(h).Pointer()
	macPools.RLock()
	p := macPools.m[fn][string(key)]
	macPools.RUnlock()
	if p != nil {
		return p
	}
	macPools.Lock()
	defer macPools.Unlock()
	byKey := macPools.m[fn]
	if byKey == nil {
		byKey = map[string]*sync.Pool{}
		macPools.m[fn] = byKey
	}
	if p = byKey[string(key)]; p != nil {
		return p
	}
	if macPools.n >= maxMACPools {
		return nil
	}
	k := append([]byte(nil), key...)
	p = &sync.Pool{New: func() interface{} { return hmac.New(h, k) }}
	byKey[string(k)] = p
	macPools.n++
	return p
}

// actionWord returns the action named by a lower-case word, "" for none:
// a few strings.Contains, cheap compiled.
func actionWord(w string) string {
	for k := 0; k < len(actionWords); k++ {
		l := actionWords[k]
		for j := 0; j < len(l); j++ {
			if strings.Contains(w, l[j]) {
				return actionNames[k]
			}
		}
	}
	return ""
}

// setBody makes b the request's body, and GetBody (for retries) a reader
// of it too.
func setBody(r *http.Request, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}
