package reliability

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	cfparse "github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/hookstile/hookstile/caddymodule"
	"github.com/hookstile/hookstile/traefikplugin"
)

// FuzzCaddyfileDirective parses arbitrary text as the body of a hookstile
// directive. It must never panic, and whatever it accepts must carry a
// provider and at least one non-empty secret: a parse never yields
// "verification off".
func FuzzCaddyfileDirective(f *testing.F) {
	for _, s := range []string{
		"hookstile github s3cret",
		"hookstile dropbox {\n\tsecret {env.X}\n\tsign_key whsec_aGVsbG8=\n\tformat raw\n\ttolerance 5m\n\tmax_body 1MiB\n\tdedup off\n}",
		"hookstile generic k {\n\theader X-Sig\n\talgorithm sha512\n\tsigned_content \"{timestamp}.{body}\"\n\toption a b\n}",
		"hookstile slack {\n\tsecret \"\"\n}",
		"hookstile github s3cret {\n\ttolerance 5 minutes\n}",
		"hookstile box a {\n\tdedup_size 0\n\tsource \"\\\"}\"\n}",
		"hookstile",
		"hookstile github {\n\t{\n}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var h caddymodule.Handler
		err := h.UnmarshalCaddyfile(cfparse.NewTestDispenser(text))
		if err != nil {
			return
		}
		if h.Provider == "" {
			t.Fatalf("accepted without a provider: %q", text)
		}
		nonEmpty := false
		for _, s := range h.Secrets {
			if s == "" {
				t.Fatalf("accepted an empty secret: %q", text)
			}
			nonEmpty = true
		}
		if !nonEmpty {
			t.Fatalf("accepted without a secret: %q", text)
		}
		if h.MaxBody < 0 || h.Tolerance < 0 || h.Dedup < 0 || h.DedupSize < 0 {
			t.Fatalf("accepted a negative limit: %+v from %q", h, text)
		}
	})
}

// FuzzTraefikConfig builds the plugin (compiled) from arbitrary strings in
// every string field, including secret references (env:, file:). It must
// never panic; a configuration New accepts must still reject an unsigned
// request without calling the next handler.
func FuzzTraefikConfig(f *testing.F) {
	f.Add("github", "s3cret", "", "5m", "1MiB", "10m", "cloudevents", "")
	f.Add("generic", "k", "whsec_aGVsbG8=", "300", "65536", "off", "raw", "X-Sig")
	f.Add("dropbox", "env:HOOKSTILE_FUZZ_SECRET", "file:/dev/null", "0", "-1", "0", "binary", "")
	f.Add("slack", "file:/etc/hostname", "env:", "1h", "1KiB", "none", "elements", "x")
	f.Add("stripe", "env:PATH", "file:", "99999999999999999999s", "1e9", "false", "", "")
	f.Fuzz(func(t *testing.T, provider, secret, key, tolerance, maxBody, dedup, format, header string) {
		if strings.HasPrefix(secret, "file:") || strings.HasPrefix(key, "file:") {
			// Bounded: only files that are small and harmless to read.
			for _, v := range []string{secret, key} {
				if p := strings.TrimPrefix(v, "file:"); v != p && p != "/dev/null" && p != "/etc/hostname" && strings.TrimSpace(p) != "" {
					return
				}
			}
		}
		cfg := traefikplugin.CreateConfig()
		cfg.Provider, cfg.Format, cfg.Tolerance, cfg.MaxBody, cfg.Dedup, cfg.Header = provider, format, tolerance, maxBody, dedup, header
		cfg.Secrets = []string{secret}
		if key != "" {
			cfg.SignKeys = []string{key}
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		called := false
		next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true })
		h, err := traefikplugin.New(ctx, next, cfg, "fuzz")
		if err != nil {
			if secret != "" && len(secret) >= 8 && !strings.HasPrefix(secret, "env:") && !strings.HasPrefix(secret, "file:") &&
				strings.Contains(err.Error(), secret) && !strings.Contains(provider+format+tolerance+maxBody+dedup+header+key, secret) {
				t.Fatalf("the error carries the secret: %v", err)
			}
			return
		}
		r := httptest.NewRequest(http.MethodPost, "/hooks/x", strings.NewReader(`{"a":1}`))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if called && w.Code/100 == 2 {
			t.Fatalf("an unsigned request was forwarded with config %+v", cfg)
		}
	})
}
