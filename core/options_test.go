package core

import (
	"crypto/sha1"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// An option the provider does not declare is a configuration error naming it
// and the options that exist.
func TestUnknownOptionIsAConfigError(t *testing.T) {
	cases := []struct {
		provider string
		secrets  []string
		options  map[string]string
		want     string
	}{
		{"github", []string{"s"}, map[string]string{"alow_sha1": "true"}, `github: invalid configuration: option "alow_sha1" is unknown (known: allow_sha1)`},
		{"stripe", []string{"whsec_x"}, map[string]string{"foo": "bar"}, `stripe: invalid configuration: option "foo" is unknown (stripe takes no options)`},
		{"meta", []string{"s"}, map[string]string{"verify_token": "v", "allow_sha": "1"}, `facebook_graph_api: invalid configuration: option "allow_sha" is unknown (known: verify_token, allow_sha1)`},
		{"generic", []string{"s"}, map[string]string{"header": "X", "hedaer": "Y"}, `option "hedaer" is unknown (known: header, algorithm, encoding`},
		{"asana", nil, map[string]string{"learn_secret": "true", "<b>": "x"}, `option "(invalid)" is unknown`},
	}
	for _, c := range cases {
		_, err := New(Config{Provider: c.provider, Secrets: c.secrets, Options: c.options})
		if !errors.Is(err, ErrBadConfig) {
			t.Errorf("%s %v: got %v, want a configuration error", c.provider, c.options, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want %q", c.provider, err, c.want)
		}
	}
}

// Every boolean option parses the one way; anything else is a configuration
// error naming the option.
func TestBooleanOptionsParseOneWay(t *testing.T) {
	for _, p := range Providers() {
		for _, o := range Options(p) {
			if o.Kind != OptionBool {
				continue
			}
			_, err := New(Config{Provider: p, Secrets: []string{"s"}, Options: map[string]string{o.Name: "maybe"}})
			if !errors.Is(err, ErrBadConfig) || !strings.Contains(err.Error(), "option "+o.Name) {
				t.Errorf("%s: %s=maybe: got %v, want a configuration error naming the option", p, o.Name, err)
			}
		}
	}
	// GitHub and Meta read allow_sha1 alike: a delivery signed with SHA-1
	// only verifies when it is true.
	body := `{"zen":"x"}`
	sha1Sig := "sha1=" + encodeSig("hex", macOf(sha1.New, []byte("s"), []byte(body)))
	for _, p := range []string{"github", "facebook_graph_api"} {
		for v, want := range map[string]bool{"true": true, "yes": true, "on": true, "1": true, "TRUE": true,
			"false": false, "no": false, "off": false, "0": false, "": false} {
			v, want := v, want
			opts := map[string]string{"allow_sha1": v}
			if p != "github" {
				opts["verify_token"] = "vt"
			}
			v2, err := New(Config{Provider: p, Secrets: []string{"s"}, Dedup: -1, Options: opts})
			if err != nil {
				t.Fatalf("%s allow_sha1=%q: %v", p, v, err)
			}
			r := httptest.NewRequest("POST", "/hooks", strings.NewReader(body))
			r.Header.Set(HeaderGitHubSignature, sha1Sig)
			_, err = v2.Inspect(r)
			if (err == nil) != want {
				t.Errorf("%s allow_sha1=%q: SHA-1 delivery accepted %v, want %v (%v)", p, v, err == nil, want, err)
			}
		}
	}
}

// The declarations are complete documentation: kinds from the list, a doc
// line, no name twice; Describe carries them.
func TestOptionDeclarations(t *testing.T) {
	for _, p := range Providers() {
		seen := map[string]bool{}
		for _, o := range Options(p) {
			switch o.Kind {
			case OptionBool, OptionList, OptionURL, OptionString:
			default:
				t.Errorf("%s: option %s: kind %q", p, o.Name, o.Kind)
			}
			if o.Doc == "" || strings.Contains(o.Doc, "\n") || seen[o.Name] || o.Name != strings.ToLower(o.Name) {
				t.Errorf("%s: option %+v: want a lower-case name declared once with a one-line doc", p, o)
			}
			seen[o.Name] = true
		}
		info, _ := Describe(p)
		if len(info.Options) != len(Options(p)) {
			t.Errorf("%s: Describe lists %d options, Options %d", p, len(info.Options), len(Options(p)))
		}
	}
	if Options("nope") != nil || Options("stripe") != nil {
		t.Error("Options of an unknown provider, or of one that takes none, is not nil")
	}
	if o := Options("x"); len(o) != 0 {
		t.Errorf("twitter (alias x) takes no options, got %v", o)
	}
	if o := Options("meta"); len(o) != 2 || o[0].Name != "verify_token" {
		t.Errorf("Options(meta) = %v", o)
	}
}
