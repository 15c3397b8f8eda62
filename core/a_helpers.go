package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Helpers shared by the group A providers (the handshake providers).

// matchingKeyA runs check with all keys (so the caller gets the right error
// when none matches), then finds the single key that verified, for handshakes
// that must answer with the key the provider used (Zoom's encryptedToken).
func matchingKeyA(keys [][]byte, check func(keys [][]byte) error) ([]byte, error) {
	if err := check(keys); err != nil {
		return nil, err
	}
	for _, k := range keys {
		if check([][]byte{k}) == nil {
			return k, nil
		}
	}
	return nil, ErrSignatureMismatch
}

// plainTextA accepts a bounded single line of printable ASCII without markup
// characters: for handshake values that may hold spaces (Microsoft Graph's
// validation tokens do), echoed only as text/plain with nosniff.
func plainTextA(s string) error {
	if s == "" {
		return fmt.Errorf("%w: empty", ErrBadChallenge)
	}
	if len(s) > MaxChallenge {
		return fmt.Errorf("%w: longer than %d bytes", ErrBadChallenge, MaxChallenge)
	}
	if strings.IndexFunc(s, func(c rune) bool {
		return c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c == '\\'
	}) >= 0 {
		return fmt.Errorf("%w: unexpected character", ErrBadChallenge)
	}
	return nil
}

// validHostA accepts a DNS-style name (the CloudEvents WebHook-Request-Origin).
func validHostA(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	return strings.IndexFunc(s, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')
	}) < 0
}

// firstObjectA returns the first element of the JSON array at path when it is
// an object ("entry" of Meta, "events" of Xero and Asana), else nil.
func firstObjectA(m map[string]interface{}, path string) map[string]interface{} {
	var cur interface{} = m
	for _, p := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]interface{})
		if !ok {
			return nil
		}
		cur = obj[p]
	}
	arr, ok := cur.([]interface{})
	if !ok || len(arr) == 0 {
		return nil
	}
	first, ok := arr[0].(map[string]interface{})
	if !ok {
		return nil
	}
	return first
}

// sortedKeysA returns the keys of m in order, for deterministic choices.
func sortedKeysA(m map[string]interface{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// layoutTimeA parses s with the first matching layout (UTC when the layout
// has no zone); zero time when none matches.
func layoutTimeA(s string, layouts ...string) time.Time {
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// boolOptionA reads a true/false option; anything else is ErrBadConfig.
func boolOptionA(c *Config, name string) (bool, error) {
	switch strings.ToLower(option(c, name)) {
	case "", "false", "no", "0":
		return false, nil
	case "true", "yes", "1":
		return true, nil
	}
	return false, fmt.Errorf("%s: option %s: %w: want true or false", c.Provider, name, ErrBadConfig)
}

// listOptionA splits a comma-separated option into trimmed, non-empty values.
func listOptionA(c *Config, name string) []string {
	var out []string
	for _, v := range strings.Split(option(c, name), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// jsonArrayA decodes body as one JSON array (numbers as json.Number) and
// nothing after it; anything else is ErrMalformedPayload.
func jsonArrayA(body []byte) ([]interface{}, error) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var arr []interface{}
	if err := d.Decode(&arr); err != nil || arr == nil {
		return nil, fmt.Errorf("%w: not a JSON array", ErrMalformedPayload)
	}
	var extra interface{}
	if d.Decode(&extra) != io.EOF {
		return nil, fmt.Errorf("%w: data after the JSON array", ErrMalformedPayload)
	}
	return arr, nil
}
