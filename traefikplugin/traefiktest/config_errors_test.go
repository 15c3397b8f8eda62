package traefiktest

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestTraefikConfigErrors: every misconfiguration fails in New, through
// Traefik's loader (Build + the constructor), with a message that names the
// field in the dynamic configuration's spelling and carries no secret.
func TestTraefikConfigErrors(t *testing.T) {
	t.Setenv("HOOKSTILE_REL_EMPTY", "")
	tr := startTraefik(t, repoRoot(t))
	const secret = "hkcanary-traefik-config-secret-Xy"
	base := func(kv ...any) map[string]any {
		m := map[string]any{"provider": "github", "secrets": []any{secret}}
		for i := 0; i+1 < len(kv); i += 2 {
			k := kv[i].(string)
			if kv[i+1] == nil {
				delete(m, k)
				continue
			}
			m[k] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		name string
		raw  map[string]any
		want []string
	}{
		{"unknown provider", base("provider", "nosuchprovider"), []string{"provider", "nosuchprovider"}},
		{"misspelt provider", base("provider", "dropboxsign"), []string{"provider", "dropboxsign", `did you mean "dropbox_sign"?`}},
		{"missing provider", base("provider", nil), []string{"provider"}},
		{"no secrets", base("secrets", nil), []string{"secrets"}},
		{"empty secret", base("secrets", []any{""}), []string{"secrets[0]", "empty"}},
		{"unset env secret", base("secrets", []any{"env:HOOKSTILE_REL_UNSET"}), []string{"secrets[0]", "HOOKSTILE_REL_UNSET"}},
		{"empty env secret", base("secrets", []any{"env:HOOKSTILE_REL_EMPTY"}), []string{"secrets[0]", "HOOKSTILE_REL_EMPTY"}},
		{"missing secret file", base("secrets", []any{"file:/nonexistent/hookstile-secret"}), []string{"secrets[0]", "/nonexistent/hookstile-secret"}},
		{"bad tolerance", base("tolerance", "5 minutes"), []string{"tolerance", "5 minutes"}},
		{"bad dedup", base("dedup", "forever"), []string{"dedup", "forever"}},
		{"bad format", base("format", "xml"), []string{"format", "xml"}},
		{"bad maxBody", base("maxBody", "lots"), []string{"maxBody", "lots"}},
		{"negative maxBody", base("maxBody", "-1"), []string{"max"}},
		{"negative dedupSize", base("dedupSize", "-3"), []string{"dedupSize"}},
		{"bad sign key encoding", base("signKeys", []any{"whsec_" + secret + "!!"}), []string{"sign"}},
		{"unset sign key env", base("signKeys", []any{"env:HOOKSTILE_REL_UNSET_KEY"}), []string{"signKeys[0]", "HOOKSTILE_REL_UNSET_KEY"}},
		{"unknown generic option", base("provider", "generic", "header", "X-Sig", "options", map[string]any{"colour": "blue"}), []string{"colour"}},
		{"generic without header", base("provider", "generic"), []string{"header"}},
		{"generic bad algorithm", base("provider", "generic", "header", "X-Sig", "algorithm", "md5"), []string{"algorithm", "md5"}},
		{"generic bad key encoding", base("provider", "generic", "header", "X-Sig", "keyEncoding", "hex"), []string{"secret", "hex"}},
		{"generic header conflicts with options", base("provider", "generic", "header", "X-A", "options", map[string]any{"header": "X-B"}), []string{"header"}},
	}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	for i, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ctor, err := tr.builder.Build(pluginKey, c.raw, "cfg"+string(rune('a'+i))+"@file")
			if err == nil {
				_, err = ctor(ctx, next)
			}
			if err == nil {
				t.Fatalf("accepted %v", c.raw)
			}
			msg := err.Error()
			for _, w := range c.want {
				if !strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
					t.Errorf("the error does not name %q: %s", w, msg)
				}
			}
			if strings.Contains(msg, secret) || strings.Contains(tr.logs.String(), secret) {
				t.Errorf("the error or the log carries the secret: %s", msg)
			}
		})
	}
}
