package core

import (
	"testing"
)

// TestJSONStringJS checks the JavaScript string escaping Hygraph's signature
// depends on: no HTML escapes, U+2028/2029 raw, control characters escaped.
func TestJSONStringJS(t *testing.T) {
	for in, want := range map[string]string{
		"<a>&b":          `"<a>&b"`,
		"x\u2028y\u2029": "\"x\u2028y\u2029\"",
		"q\"\\\n\t":      `"q\"\\\n\t"`,
		"\x01é":          `"\u0001é"`,
	} {
		got, err := jsonStringJS(in)
		if err != nil || got != want {
			t.Errorf("jsonStringJS(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
