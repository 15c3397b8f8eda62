package core

import (
	"errors"
	"strings"
	"testing"
)

func TestSuggestProvider(t *testing.T) {
	cases := []struct{ in, want string }{
		{"githb", "github"},
		{"GitHub", "github"},
		{"strpie", "stripe"},
		{"dropboxsign", "dropbox_sign"},
		{"dropbox-sign", "dropbox_sign"},
		{"standard-webhooks", "standard_webhooks"},
		{"shopfy", "shopify"},
		{"bx", "box"},
		{"nope", ""},
		{"completely-unrelated", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := SuggestProvider(c.in); got != c.want {
			t.Errorf("SuggestProvider(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestUnknownProviderError: core.New names the nearest provider and does not
// list the whole table.
func TestUnknownProviderError(t *testing.T) {
	_, err := New(Config{Provider: "githb", Secrets: []string{"s"}})
	if !errors.Is(err, ErrUnknownProvider) {
		t.Fatalf("err = %v, want ErrUnknownProvider", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `did you mean "github"?`) || strings.Contains(msg, "zoom") {
		t.Errorf("error %q should suggest github and not list every provider", msg)
	}
	_, err = New(Config{Provider: "nope", Secrets: []string{"s"}})
	if err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("no suggestion expected for nope: %v", err)
	}
}
