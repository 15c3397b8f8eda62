package core

import (
	"testing"
)

// TestPlivoSigned checks the URL construction against plivo-python's rules.
func TestPlivoSigned(t *testing.T) {
	form := map[string][]string{"b": {"2"}, "a": {"y", "x"}}
	cases := []struct {
		method, query string
		form          map[string][]string
		want          string
	}{
		{"POST", "", form, "https://h/p?axayb2"},
		{"POST", "z=1&c=3", form, "https://h/p?c=3&z=1.axayb2"},
		{"POST", "", nil, "https://h/p"},
		{"GET", "z=1&c=3&c=2", nil, "https://h/p?c=2&c=3&z=1"},
	}
	for _, c := range cases {
		got, err := plivoSigned("https://h/p", c.query, c.method, c.form)
		if err != nil || got != c.want {
			t.Errorf("plivoSigned(%s, %q) = %q, %v; want %q", c.method, c.query, got, err, c.want)
		}
	}
}
