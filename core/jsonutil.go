package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
)

// Picking a delivery's fields: its JSON or form body, the first of several
// headers or paths that is set. Decoding a JSON object is decodeJSONObject
// (event.go); walking a dotted path is walk and field.

// jsonBody decodes a JSON object body into ev.Payload and returns it; a body
// that is not a JSON object leaves ev untouched and returns nil (the signature
// already proved the sender, the payload is forwarded as it came).
func jsonBody(r *Request, ev *Event) map[string]interface{} {
	m, err := decodeJSONObject(r.Body)
	if err != nil {
		return nil
	}
	ev.Payload = m
	return m
}

// formBody parses a form-encoded body, sets ev.Data to its JSON rendering
// and returns the values; a body that does not parse is ErrMalformedPayload.
func formBody(r *Request, ev *Event) (map[string][]string, error) {
	vals, err := parseQuery(string(r.Body))
	if err != nil {
		return nil, err
	}
	ev.Data = formJSON(vals)
	return vals, nil
}

// firstForm returns the first value of key in form values.
func firstForm(v map[string][]string, key string) string {
	if l := v[key]; len(l) > 0 {
		return l[0]
	}
	return ""
}

// decodeJSONArray decodes body as one JSON array, numbers kept exact as
// json.Number. The code is jsonOK, jsonNotObject (not an array: the codes
// are decodeObject's), jsonDuplicate (an object in it holds a key twice) or
// jsonTrailing (an array followed by more data; the array is returned as
// well).
func decodeJSONArray(body []byte) ([]interface{}, int) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var arr []interface{}
	if err := d.Decode(&arr); err != nil || arr == nil {
		return nil, jsonNotObject
	}
	if jsonDuplicateKey(body) {
		return nil, jsonDuplicate
	}
	var extra interface{}
	if d.Decode(&extra) != io.EOF {
		return arr, jsonTrailing
	}
	return arr, jsonOK
}

// jsonArray decodes body as one JSON array and nothing after it; anything
// else is ErrMalformedPayload.
func jsonArray(body []byte) ([]interface{}, error) {
	arr, code := decodeJSONArray(body)
	switch code {
	case jsonOK:
		return arr, nil
	case jsonTrailing:
		return nil, fmt.Errorf("%w: data after the JSON array", ErrMalformedPayload)
	case jsonDuplicate:
		return nil, fmt.Errorf("%w: a key appears twice in one JSON object", ErrMalformedPayload)
	}
	return nil, fmt.Errorf("%w: not a JSON array", ErrMalformedPayload)
}

// jsonObjects decodes a body that starts with a JSON array of objects (a
// null element is a nil object; what follows the array is not looked at), for
// batches whose fields are only read; anything else is ErrMalformedPayload.
func jsonObjects(body []byte) ([]map[string]interface{}, error) {
	arr, code := decodeJSONArray(body)
	if code == jsonNotObject || code == jsonDuplicate {
		return nil, fmt.Errorf("%w: not a JSON array of objects with distinct keys", ErrMalformedPayload)
	}
	out := make([]map[string]interface{}, 0, len(arr))
	for _, x := range arr {
		if x == nil {
			out = append(out, nil)
			continue
		}
		obj, ok := x.(map[string]interface{})
		if !ok {
			return nil, fmt.Errorf("%w: not a JSON array of objects", ErrMalformedPayload)
		}
		out = append(out, obj)
	}
	return out, nil
}

// firstObject returns the first element of the JSON array at path when it is
// an object ("entry" of Meta, "events" of Xero and Asana), else nil.
func firstObject(m map[string]interface{}, path string) map[string]interface{} {
	return firstObjectOf(walk(m, path))
}

// firstObjectOf returns the first element of v when v is a JSON array whose
// first element is an object, else nil.
func firstObjectOf(v interface{}) map[string]interface{} {
	arr, ok := v.([]interface{})
	if !ok || len(arr) == 0 {
		return nil
	}
	first, ok := arr[0].(map[string]interface{})
	if !ok {
		return nil
	}
	return first
}

// objectAt returns the JSON object at path, or the first object of the JSON
// array at path, or nil.
func objectAt(m map[string]interface{}, path string) map[string]interface{} {
	v := walk(m, path)
	if obj, ok := v.(map[string]interface{}); ok {
		return obj
	}
	return firstObjectOf(v)
}

// firstField returns the first non-empty field among the dotted paths.
func firstField(m map[string]interface{}, paths ...string) string {
	for _, p := range paths {
		if v := field(m, p); v != "" {
			return v
		}
	}
	return ""
}

// firstHeader returns the first non-empty value, trimmed, among the named
// headers.
func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(h.Get(n)); v != "" {
			return v
		}
	}
	return ""
}

// sortedKeys returns the keys of m in order, for deterministic choices.
func sortedKeys(m map[string]interface{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// jsonStringJS renders s as a JSON string the way JavaScript's JSON.stringify
// does: no HTML escaping and U+2028/U+2029 left as they are (encoding/json
// escapes both).
func jsonStringJS(s string) (string, error) {
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

// jsonDuplicateKey reports whether the first JSON value of body holds an
// object with one key twice (Go keeps the last, many parsers the first: a
// value verified here must be the value the application reads). The stdlib
// tokenizer does the byte work; only the first value is looked at.
func jsonDuplicateKey(body []byte) bool {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	// keys[i] is the set of keys of the i-th open container (nil: an array).
	var keys []map[string]bool
	key := false // the next string token is an object key
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				var set map[string]bool
				if v == '{' {
					set = make(map[string]bool)
				}
				keys = append(keys, set)
				key = v == '{'
				continue
			}
			keys = keys[:len(keys)-1]
			if len(keys) == 0 {
				return false
			}
		case string:
			if key {
				top := keys[len(keys)-1]
				if top[v] {
					return true
				}
				top[v] = true
				key = false
				continue
			}
		}
		if len(keys) == 0 {
			return false
		}
		// A value ended: in an object, a key comes next.
		key = keys[len(keys)-1] != nil
	}
}

// maxJSONDepth is encoding/json's nesting limit; the compiled parsers
// (fastpath_gc.go) keep to it, and the tests build inputs around it.
const maxJSONDepth = 10000
