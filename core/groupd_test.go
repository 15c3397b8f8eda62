package core

import (
	"errors"
	"testing"
)

// TestGroupDConfig checks that the group-D builders fail closed, naming the
// problem, and never start without a usable secret or required option.
func TestGroupDConfig(t *testing.T) {
	cases := []struct {
		name    string
		cfg     Config
		wantErr error
	}{
		{"alchemy without secret", Config{Provider: "alchemy"}, ErrEmptySecret},
		{"webex empty secret", Config{Provider: "webex", Secrets: []string{" "}}, ErrEmptySecret},
		{"go1 without secret", Config{Provider: "go1"}, ErrEmptySecret},
		{"airship without secret", Config{Provider: "airship"}, ErrEmptySecret},
		{"brex secret not base64", Config{Provider: "brex", Secrets: []string{"not base64!"}}, ErrBadConfig},
		{"plivo without public_url", Config{Provider: "plivo", Secrets: []string{"tok"}}, ErrBadConfig},
		{"plivo relative public_url", Config{Provider: "plivo", Secrets: []string{"tok"}, Options: map[string]string{"public_url": "/hooks/plivo"}}, ErrBadConfig},
		{"plivo without token", Config{Provider: "plivo", Options: map[string]string{"public_url": "https://x.example/p"}}, ErrEmptySecret},
		{"vmware secret without password", Config{Provider: "vmware", Secrets: []string{"useronly"}}, ErrBadConfig},
		{"vmware without secret", Config{Provider: "vmware"}, ErrEmptySecret},
		{"mailchimp without secret", Config{Provider: "mailchimp"}, ErrEmptySecret},
		{"orbit empty secret", Config{Provider: "orbit", Secrets: []string{""}}, ErrEmptySecret},
		{"hygraph alias without secret", Config{Provider: "hygraph"}, ErrEmptySecret},
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			_, err := New(c.cfg)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("New: %v, want %v", err, c.wantErr)
			}
		})
	}
}

// TestGroupDAliases checks the other common names resolve to the ngrok ids.
func TestGroupDAliases(t *testing.T) {
	for alias, name := range map[string]string{
		"hygraph": "graphcms", "launchdarkly": "launch_darkly", "maxio": "chargify", "vmware_workspace": "vmware",
		"mongodb_atlas": "mongodb", "sonatype_nexus": "sonatype", "autodesk_platform_services": "autodesk",
	} {
		info, ok := Describe(alias)
		if !ok || info.Name != name {
			t.Errorf("Describe(%q) = %q, %v; want %q", alias, info.Name, ok, name)
		}
	}
}

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
