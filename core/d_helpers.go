package core

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Helpers shared by the group-D providers (names end in D so the groups never collide) (ngrok ids that providers.md does
// not cover). Everything cryptographic goes through crypto.go (macOf, anyMAC,
// equalToken); these only describe presets and pick fields.

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
