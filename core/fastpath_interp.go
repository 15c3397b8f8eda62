//go:build !gc
// +build !gc

package core

import (
	"bytes"
	"crypto/hmac"
	"encoding/json"
	"hash"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// Under Yaegi (which never sets the gc tag) the stdlib does the byte work:
// a hand-written parser would run ~90x slower interpreted. See
// fastpath_gc.go for the compiled path.

func decodeObject(body []byte) (map[string]interface{}, int) {
	return decodeJSONObjectStd(body)
}

func encodeCloudEvent(env *ceEnvelope, data []byte) ([]byte, error) {
	return encodeCloudEventStd(env, data)
}

// pickJSON reads the raw values at dotted paths from body, one JSON
// object: vals[i] is the value at paths[i], nil when absent (or a step is
// not an object); nil when body is not one JSON object or holds a key
// twice in one object.
func pickJSON(body []byte, paths []string) [][]byte {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil || top == nil {
		return nil
	}
	if jsonDuplicateKey(body) {
		return nil
	}
	vals := make([][]byte, len(paths))
	for i := 0; i < len(paths); i++ {
		// The first step inline: a call costs more than the lookup.
		p := paths[i]
		j := strings.IndexByte(p, '.')
		if j < 0 {
			vals[i] = top[p]
			continue
		}
		if raw := top[p[:j]]; len(raw) > 0 && raw[0] == '{' {
			vals[i] = rawAt(raw, p[j+1:])
		}
	}
	return vals
}

// rawAt follows a dotted path through a raw object.
func rawAt(obj []byte, path string) []byte {
	for {
		var m map[string]json.RawMessage
		if json.Unmarshal(obj, &m) != nil {
			return nil
		}
		i := strings.IndexByte(path, '.')
		if i < 0 {
			return m[path]
		}
		obj = m[path[:i]]
		if len(obj) == 0 || obj[0] != '{' {
			return nil
		}
		path = path[i+1:]
	}
}

// jsonString is the text of a raw JSON value as field gives it: a
// string unquoted, a number's literal, "true" or "false"; "" otherwise.
func jsonString(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ""
		}
		return s
	case '{', '[', 'n':
		return ""
	}
	return string(raw)
}

// jsonStrings is the strings and numbers of a raw JSON array, as
// fieldList gives them; nil when raw is not an array.
func jsonStrings(raw []byte) []string {
	if len(raw) == 0 || raw[0] != '[' {
		return nil
	}
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) != nil {
		return nil
	}
	var out []string
	for i := 0; i < len(arr); i++ {
		c := arr[i][0]
		if c == '"' || c == '-' || (c >= '0' && c <= '9') {
			out = append(out, jsonString(arr[i]))
		}
	}
	return out
}

// macOf: hmac.New each time; a pool would cost more interpreted calls than
// the key setup it saves.
func macOf(h func() hash.Hash, key []byte, parts ...[]byte) []byte {
	m := hmac.New(h, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// actionRes match actionWords group by group: one stdlib call per group
// instead of one strings.Contains per word (each call through Yaegi costs
// allocations).
var actionRes = [3]*regexp.Regexp{
	regexp.MustCompile(strings.Join(actionWords[0], "|")),
	regexp.MustCompile(strings.Join(actionWords[1], "|")),
	regexp.MustCompile(strings.Join(actionWords[2], "|")),
}

// actionWord returns the action named by a lower-case word, "" for none.
func actionWord(w string) string {
	for k := 0; k < 3; k++ {
		if actionRes[k].MatchString(w) {
			return actionNames[k]
		}
	}
	return ""
}

// setBody makes b the request's body, and GetBody (for retries) a reader
// of it too. Under Yaegi a closure handed to net/http is wrapped with
// reflect.MakeFunc at every request (about a hundred allocations): the
// GetBody http.NewRequest builds for a bytes.Reader is a compiled one.
func setBody(r *http.Request, b []byte) {
	tmp, err := http.NewRequest(http.MethodPost, "/", bytes.NewReader(b))
	if err != nil {
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.GetBody = nil
		return
	}
	r.Body = tmp.Body
	r.GetBody = tmp.GetBody
}
