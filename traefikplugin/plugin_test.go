package traefikplugin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/core"
	"github.com/hookstile/hookstile/internal/provsign"
	"github.com/hookstile/hookstile/traefikplugin"
)

// sign is GitHub's X-Hub-Signature-256 (the tests' one HMAC, internal/provsign).
func sign(secret, body string) string {
	return "sha256=" + provsign.MAC("sha256", "hex", []byte(secret), body)
}

func TestCreateConfigDefaults(t *testing.T) {
	c := traefikplugin.CreateConfig()
	if c.Secrets == nil || c.SignKeys == nil || c.Options == nil {
		t.Fatalf("CreateConfig() has nil lists or maps: %+v", c)
	}
	if c.Format != "cloudevents" || c.MaxBody != "1MiB" || c.Dedup != "" {
		t.Errorf("CreateConfig() = %+v", c)
	}
	// The defaults alone must not start: there is no provider and no secret.
	if _, err := traefikplugin.New(context.Background(), http.NotFoundHandler(), c, "defaults"); err == nil {
		t.Error("New accepted a configuration without provider and secrets")
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOOKSTILE_TEST_EMPTY", "")
	for _, tc := range []struct {
		desc string
		edit func(c *traefikplugin.Config)
		want string
	}{
		{"no provider", func(c *traefikplugin.Config) { c.Provider = "" }, "provider: required"},
		{"unknown provider", func(c *traefikplugin.Config) { c.Provider = "githubb" }, "provider"},
		{"no secrets", func(c *traefikplugin.Config) { c.Secrets = nil }, "secrets: at least one"},
		{"blank secret", func(c *traefikplugin.Config) { c.Secrets = []string{"ok", " "} }, "secrets[1]: empty secret"},
		{"empty env", func(c *traefikplugin.Config) { c.Secrets = []string{"env:HOOKSTILE_TEST_EMPTY"} }, "secrets[0]: environment variable HOOKSTILE_TEST_EMPTY"},
		{"env without name", func(c *traefikplugin.Config) { c.Secrets = []string{"env:"} }, "secrets[0]"},
		{"empty file", func(c *traefikplugin.Config) { c.Secrets = []string{"file:" + empty} }, "is empty"},
		{"missing file", func(c *traefikplugin.Config) { c.SignKeys = []string{"file:" + filepath.Join(dir, "nope")} }, "signKeys[0]: reading secret file"},
		{"bad sign key", func(c *traefikplugin.Config) { c.SignKeys = []string{"whsec_!!!"} }, "sign_key"},
		{"bad tolerance", func(c *traefikplugin.Config) { c.Tolerance = "soon" }, "tolerance"},
		{"negative tolerance", func(c *traefikplugin.Config) { c.Tolerance = "-5m" }, "tolerance"},
		{"bad maxBody", func(c *traefikplugin.Config) { c.MaxBody = "0" }, "maxBody"},
		{"bad dedup", func(c *traefikplugin.Config) { c.Dedup = "forever" }, "dedup"},
		{"negative dedupSize", func(c *traefikplugin.Config) { c.DedupSize = -1 }, "dedupSize"},
		{"bad format", func(c *traefikplugin.Config) { c.Format = "yaml" }, "format"},
		{"conflicting option", func(c *traefikplugin.Config) {
			c.Provider, c.Header, c.Options = "generic", "X-Sig", map[string]string{"header": "X-Other"}
		}, "header: conflicts with options.header"},
		{"unknown option", func(c *traefikplugin.Config) {
			c.Options = map[string]string{"alow_sha1": "true"}
		}, `option "alow_sha1" is unknown (known: allow_sha1)`},
		{"option of another provider", func(c *traefikplugin.Config) {
			c.Provider, c.Secrets, c.Options = "stripe", []string{"whsec_fake-secret-value"}, map[string]string{"verify_token": "x"}
		}, `option "verify_token" is unknown (stripe takes no options)`},
		{"generic field on another provider", func(c *traefikplugin.Config) { c.Header = "X-Sig" }, `option "header" is unknown (known: allow_sha1)`},
		{"bad boolean", func(c *traefikplugin.Config) { c.Options = map[string]string{"allow_sha1": "maybe"} }, "option allow_sha1"},
		{"unknown generic option", func(c *traefikplugin.Config) {
			c.Provider, c.Header, c.Options = "generic", "X-Sig", map[string]string{"colour": "blue"}
		}, "colour"},
	} {
		c := traefikplugin.CreateConfig()
		c.Provider = "github"
		c.Secrets = []string{"fake-secret-value"}
		tc.edit(c)
		_, err := traefikplugin.New(context.Background(), http.NotFoundHandler(), c, "mw")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.desc, err, tc.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), "hookstile mw: ") {
			t.Errorf("%s: error %q does not name the middleware", tc.desc, err)
		}
		if strings.Contains(err.Error(), "fake-secret-value") {
			t.Errorf("%s: error leaks the secret", tc.desc)
		}
	}
}

func TestSecretSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "secret")
	if err := os.WriteFile(file, []byte("from-file\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOOKSTILE_TEST_SECRET", "from-env")
	for _, secret := range []string{"literal", "env:HOOKSTILE_TEST_SECRET", "file:" + file} {
		want := map[string]string{"literal": "literal", "env:HOOKSTILE_TEST_SECRET": "from-env", "file:" + file: "from-file"}[secret]
		c := traefikplugin.CreateConfig()
		c.Provider = "github"
		c.Secrets = []string{secret}
		forwarded := 0
		h, err := traefikplugin.New(context.Background(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			forwarded++
		}), c, "mw")
		if err != nil {
			t.Fatalf("%s: %v", secret, err)
		}
		body := `{"zen":"x"}`
		for i, key := range []string{want, "wrong"} {
			r := httptest.NewRequest("POST", "/", strings.NewReader(body))
			r.Header.Set("X-Hub-Signature-256", sign(key, body))
			r.Header.Set("X-GitHub-Event", "ping")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if wantStatus := []int{200, 401}[i]; w.Code != wantStatus {
				t.Errorf("%s, signed with %q: status %d, want %d", secret, key, w.Code, wantStatus)
			}
		}
		if forwarded != 1 {
			t.Errorf("%s: forwarded %d", secret, forwarded)
		}
	}
}

// TestNoGoroutinePerMiddleware: the dedup clean-up is a timer stopped with
// ctx, not a goroutine per middleware left behind by every configuration
// reload.
func TestNoGoroutinePerMiddleware(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	c := traefikplugin.CreateConfig()
	c.Provider = "github"
	c.Secrets = []string{"x"}
	for i := 0; i < 20; i++ {
		if _, err := traefikplugin.New(ctx, http.NotFoundHandler(), c, "mw"); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("goroutines left after cancel: %d -> %d", before, n)
	}
}

// TestUpstreamFailureIsNotAcknowledged: a delivery the upstream refused is
// forwarded again on retry, with the upstream's status passed through.
func TestUpstreamFailureIsNotAcknowledged(t *testing.T) {
	c := traefikplugin.CreateConfig()
	c.Provider = "github"
	c.Secrets = []string{"s"}
	status := http.StatusServiceUnavailable
	calls := 0
	h, err := traefikplugin.New(context.Background(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.WriteHeader(status)
	}), c, "mw")
	if err != nil {
		t.Fatal(err)
	}
	body := `{"zen":"y"}`
	for i, want := range []int{503, 200, 200} {
		if i == 1 {
			status = http.StatusAccepted
		}
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("X-Hub-Signature-256", sign("s", body))
		r.Header.Set("X-GitHub-Delivery", "8f0b0f7e-0000-11ef-0000-000000000001")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if i == 1 {
			want = http.StatusAccepted
		}
		if w.Code != want {
			t.Errorf("attempt %d: status %d, want %d", i+1, w.Code, want)
		}
	}
	if calls != 2 {
		t.Errorf("upstream called %d times, want 2 (failed, retried; the third is a duplicate)", calls)
	}
}

// Provider options take env: and file: references like secrets.
func TestOptionReferences(t *testing.T) {
	t.Setenv("HOOKSTILE_TEST_VERIFY_TOKEN", "verify-me-123")
	cfg := traefikplugin.CreateConfig()
	cfg.Provider = "facebook_graph_api"
	cfg.Secrets = []string{"app-secret"}
	cfg.Options = map[string]string{"verify_token": "env:HOOKSTILE_TEST_VERIFY_TOKEN"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h, err := traefikplugin.New(ctx, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("handshake forwarded") }), cfg, "meta")
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/hooks/meta?hub.mode=subscribe&hub.verify_token=verify-me-123&hub.challenge=1158201444", nil))
	if w.Code != 200 || w.Body.String() != "1158201444" {
		t.Fatalf("handshake: %d %q", w.Code, w.Body.String())
	}
	cfg.Options = map[string]string{"verify_token": "env:HOOKSTILE_TEST_UNSET_TOKEN"}
	if _, err := traefikplugin.New(ctx, http.NotFoundHandler(), cfg, "meta"); err == nil || !strings.Contains(err.Error(), "options.verify_token") {
		t.Fatalf("unset option reference: %v", err)
	}
}

// Every option the generic provider declares has a top-level field, its name
// in camelCase: setting both the field and options.<name> to different
// values conflicts.
func TestGenericFieldsAreTheDeclaredOptions(t *testing.T) {
	opts := core.Options("generic")
	if len(opts) == 0 {
		t.Fatal("the generic provider declares no options")
	}
	for _, o := range opts {
		parts := strings.Split(o.Name, "_")
		for i := 1; i < len(parts); i++ {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
		field := strings.Join(parts, "")
		c := traefikplugin.CreateConfig()
		if err := json.Unmarshal([]byte(`{"provider":"generic","secrets":["s"],"`+field+`":"from-field"}`), c); err != nil {
			t.Fatal(err)
		}
		c.Options = map[string]string{o.Name: "from-options"}
		_, err := traefikplugin.New(context.Background(), http.NotFoundHandler(), c, "mw")
		if err == nil || !strings.Contains(err.Error(), field+": conflicts with options."+o.Name) {
			t.Errorf("option %s: field %s: error %v, want a conflict", o.Name, field, err)
		}
	}
}
