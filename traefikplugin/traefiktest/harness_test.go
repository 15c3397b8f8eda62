package traefiktest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs/zerolog/log"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	pfile "github.com/traefik/paerser/file"
	"github.com/traefik/traefik/v3/pkg/config/dynamic"
	"github.com/traefik/traefik/v3/pkg/plugins"
	"github.com/traefik/traefik/v3/pkg/provider/file"
)

const (
	moduleName = "github.com/hookstile/hookstile"
	pluginKey  = "hookstile"

	// signingKey is the operator's (fake) Standard Webhooks key; the upstream
	// verifies every forwarded delivery with it.
	signingKey     = "whsec_ZmFrZS1ob29rc3RpbGUtc2lnbmluZy1rZXktZm9yLXRlc3Rz"
	signingKeyNext = "whsec_bmV4dC1mYWtlLWhvb2tzdGlsZS1zaWduaW5nLWtleQ=="
)

// providerSecrets are the fake provider secrets the example configurations
// reference as env:NAME. Tests check none of them ever appears in a response
// or a log line.
var providerSecrets = map[string]string{
	"DROPBOX_APP_SECRET":       "fake-dropbox-app-secret",
	"GITHUB_WEBHOOK_SECRET":    "fake-github-webhook-secret",
	"BOX_PRIMARY_KEY":          "fakeBoxPrimaryKey0123456789",
	"BOX_SECONDARY_KEY":        "fakeBoxSecondaryKey987654321",
	"DROPBOX_SIGN_API_KEY":     "fake-dropbox-sign-api-key",
	"SLACK_SIGNING_SECRET":     "fake-slack-signing-secret",
	"SLACK_SIGNING_SECRET_OLD": "fake-slack-signing-secret-old",
	"SW_PROVIDER_SECRET":       "whsec_ZmFrZS1wcm92aWRlci1zdGFuZGFyZC13ZWJob29rcy1rZXk=",
	"ACME_WEBHOOK_SECRET":      "fake-acme-webhook-secret",
}

// stripeSecret is read by the plugin through file:secrets/stripe_endpoint_secret.
const stripeSecret = "whsec_fake_stripe_endpoint_secret"

// repoRoot is the checkout the plugin is loaded from: this one, or the one
// HOOKSTILE_REPO names (to test another checkout with these tests).
func repoRoot(t testing.TB) string {
	t.Helper()
	root := filepath.Join("..", "..")
	if r := os.Getenv("HOOKSTILE_REPO"); r != "" {
		root = r
	}
	root, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".traefik.yml")); err != nil {
		t.Fatalf("repository root %s has no .traefik.yml: %v", root, err)
	}
	return root
}

// syncBuffer collects Traefik's log output, including the plugin's stderr.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// traefik is the plugin side of one Traefik start-up: the plugin builder and
// the log the interpreter writes to.
type traefik struct {
	builder *plugins.Builder
	logs    *syncBuffer
	dir     string // Traefik's working directory
}

// startTraefik does what Traefik does at start-up for local plugins: it reads
// the static configuration (examples/traefik/traefik-local.yml), checks the
// local plugin's manifest (plugins.SetupLocalPlugins) and interprets the
// plugin with Yaegi (plugins.NewBuilder), with ./plugins-local/src/<module>
// pointing at this checkout. Environment variables must be set before: Yaegi
// takes a copy of the environment when the interpreter is created.
func startTraefik(t testing.TB, root string) *traefik {
	t.Helper()
	dir := t.TempDir()
	link := filepath.Join(dir, "plugins-local", "src", filepath.FromSlash(moduleName))
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, link); err != nil {
		t.Fatal(err)
	}
	static := readStatic(t, filepath.Join(root, "examples", "traefik", "traefik-local.yml"))
	if len(static.Experimental.LocalPlugins) != 1 {
		t.Fatalf("traefik-local.yml: want one local plugin, got %v", static.Experimental.LocalPlugins)
	}
	if _, ok := static.Experimental.LocalPlugins[pluginKey]; !ok {
		t.Fatalf("traefik-local.yml: no local plugin named %q", pluginKey)
	}
	logs := &syncBuffer{}
	prev := log.Logger
	log.Logger = zerolog.New(logs)
	t.Cleanup(func() { log.Logger = prev })

	t.Chdir(dir) // plugins-local is relative to Traefik's working directory
	if err := plugins.SetupLocalPlugins(static.Experimental.LocalPlugins); err != nil {
		t.Fatalf("SetupLocalPlugins: %v", err)
	}
	start := time.Now()
	b, err := plugins.NewBuilder(nil, nil, static.Experimental.LocalPlugins)
	if err != nil {
		t.Fatalf("plugins.NewBuilder (Yaegi): %v\nlogs:\n%s", err, logs.String())
	}
	t.Logf("plugin interpreted by Yaegi in %v", time.Since(start).Round(time.Millisecond))
	return &traefik{builder: b, logs: logs, dir: dir}
}

// staticConfig is the part of Traefik's static configuration
// (static.Configuration) that concerns plugins, with Traefik's own types.
type staticConfig struct {
	EntryPoints  map[string]*entryPoint
	Providers    *staticProviders
	Experimental *experimental
	Log          *struct{ Level string }
}

type entryPoint struct {
	Address   string
	Transport *struct {
		RespondingTimeouts *struct {
			ReadTimeout string
		}
	}
}

type staticProviders struct {
	File *struct {
		Filename  string
		Directory string
	}
	Docker *struct {
		ExposedByDefault bool
	}
}

type experimental struct {
	Plugins              map[string]plugins.Descriptor
	LocalPlugins         map[string]plugins.LocalDescriptor
	AbortOnPluginFailure bool
}

// readStatic decodes a static configuration file with Traefik's file decoder
// (paerser), as Traefik does.
func readStatic(t testing.TB, path string) *staticConfig {
	t.Helper()
	var c staticConfig
	if err := pfile.Decode(path, &c); err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	if c.Experimental == nil {
		t.Fatalf("%s: no experimental section", path)
	}
	return &c
}

// readDynamic decodes a dynamic configuration file with Traefik's file
// provider.
func readDynamic(t *testing.T, path string) *dynamic.Configuration {
	t.Helper()
	p := &file.Provider{Filename: path}
	c, err := p.DecodeConfiguration(path)
	if err != nil {
		t.Fatalf("file provider: decoding %s: %v", path, err)
	}
	if c.HTTP == nil || len(c.HTTP.Middlewares) == 0 {
		t.Fatalf("%s: no HTTP middlewares", path)
	}
	return c
}

// build builds one middleware of cfg in front of next the way Traefik's
// middleware builder does for a plugin: the single key under "plugin" names
// the plugin, the map under it is the plugin's raw configuration, and the
// middleware is named "<name>@file". Any failure fails the test: Traefik
// would only log it and answer 404 on the route.
func (tr *traefik) build(t *testing.T, cfg *dynamic.Configuration, name string, ctx context.Context, next http.Handler) http.Handler {
	t.Helper()
	h, err := tr.tryBuild(cfg, name, ctx, next)
	if err != nil {
		t.Fatalf("middleware %s: %v\nlogs:\n%s", name, err, tr.logs.String())
	}
	return h
}

func (tr *traefik) tryBuild(cfg *dynamic.Configuration, name string, ctx context.Context, next http.Handler) (http.Handler, error) {
	mw, ok := cfg.HTTP.Middlewares[name]
	if !ok || mw == nil {
		return nil, fmt.Errorf("no middleware %q in the configuration", name)
	}
	if len(mw.Plugin) != 1 {
		return nil, fmt.Errorf("want one plugin, got %d", len(mw.Plugin))
	}
	var pType string
	var raw map[string]any
	for k, v := range mw.Plugin {
		pType, raw = k, v
	}
	ctor, err := tr.builder.Build(pType, raw, name+"@file")
	if err != nil {
		return nil, fmt.Errorf("Build: %w", err)
	}
	h, err := ctor(ctx, next)
	if err != nil {
		return nil, fmt.Errorf("New: %w", err)
	}
	return h, nil
}

var pathRule = regexp.MustCompile("^Path\\(`([^`]+)`\\)$")

// routes serves every router of cfg on its Path rule, through its middlewares
// in order, to next.
func (tr *traefik) routes(t *testing.T, cfg *dynamic.Configuration, ctx context.Context, next http.Handler, mux *http.ServeMux) {
	t.Helper()
	names := make([]string, 0, len(cfg.HTTP.Routers))
	for n := range cfg.HTTP.Routers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		r := cfg.HTTP.Routers[n]
		m := pathRule.FindStringSubmatch(r.Rule)
		if m == nil {
			t.Fatalf("router %s: rule %q is not Path(`...`)", n, r.Rule)
		}
		if len(r.Middlewares) == 0 {
			t.Fatalf("router %s has no middleware", n)
		}
		if _, ok := cfg.HTTP.Services[r.Service]; !ok {
			t.Fatalf("router %s: service %q is not defined", n, r.Service)
		}
		h := next
		for i := len(r.Middlewares) - 1; i >= 0; i-- {
			h = tr.build(t, cfg, r.Middlewares[i], ctx, h)
		}
		mux.Handle(m[1], h)
	}
}

// delivery is what the upstream received and verified.
type delivery struct {
	Path   string
	Header http.Header
	Body   []byte
}

// upstream is the application behind Traefik: it verifies every delivery's
// Standard Webhooks signature with the standard-webhooks library (an
// implementation independent of core), with each configured key, and answers
// 200 unless the request carries X-Test-Upstream-Status.
type upstream struct {
	srv  *httptest.Server
	mu   sync.Mutex
	got  []delivery
	errs []string
}

func newUpstream(t *testing.T) *upstream {
	t.Helper()
	u := &upstream{}
	verifiers := []*standardwebhooks.Webhook{}
	for _, k := range []string{signingKey, signingKeyNext} {
		wh, err := standardwebhooks.NewWebhook(k)
		if err != nil {
			t.Fatal(err)
		}
		verifiers = append(verifiers, wh)
	}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			u.fail("%s: reading body: %v", r.URL.Path, err)
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		if r.ContentLength >= 0 && r.ContentLength != int64(len(body)) {
			u.fail("%s: Content-Length %d, body %d bytes", r.URL.Path, r.ContentLength, len(body))
		}
		for i, wh := range verifiers {
			// The first key signs every route; the second only the
			// standard-webhooks route, which is configured with both.
			if i == 1 && r.URL.Path != "/hooks/standard-webhooks" {
				continue
			}
			if err := wh.Verify(body, r.Header); err != nil {
				u.fail("%s: Standard Webhooks signature (key %d) does not verify: %v", r.URL.Path, i+1, err)
				http.Error(w, "bad signature", http.StatusUnauthorized)
				return
			}
		}
		u.mu.Lock()
		u.got = append(u.got, delivery{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
		u.mu.Unlock()
		if s := r.Header.Get("X-Test-Upstream-Status"); s != "" {
			code, _ := strconv.Atoi(s)
			http.Error(w, "upstream says no", code)
			return
		}
		io.WriteString(w, "taken by upstream")
	}))
	t.Cleanup(u.srv.Close)
	return u
}

func (u *upstream) fail(format string, args ...any) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.errs = append(u.errs, fmt.Sprintf(format, args...))
}

// proxy is the service: a reverse proxy to the upstream.
func (u *upstream) proxy(t *testing.T) http.Handler {
	target, err := url.Parse(u.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return httputil.NewSingleHostReverseProxy(target)
}

// count is how many deliveries reached path.
func (u *upstream) count(path string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	n := 0
	for _, d := range u.got {
		if d.Path == path {
			n++
		}
	}
	return n
}

// last is the last delivery to path; it fails the test if there is none.
func (u *upstream) last(t *testing.T, path string) delivery {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	for i := len(u.got) - 1; i >= 0; i-- {
		if u.got[i].Path == path {
			return u.got[i]
		}
	}
	t.Fatalf("upstream received nothing on %s", path)
	return delivery{}
}

func (u *upstream) check(t *testing.T) {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, e := range u.errs {
		t.Errorf("upstream: %s", e)
	}
}

// answer is a response as the provider sees it.
type answer struct {
	Status int
	Header http.Header
	Body   string
}

// send sends req to the front server with a bounded client.
func send(t *testing.T, req *http.Request) answer {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

func newRequest(t *testing.T, method, url, contentType string, body []byte, header map[string]string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return req
}

// cloudEvent decodes a structured-mode CloudEvent.
type cloudEvent struct {
	SpecVersion     string          `json:"specversion"`
	ID              string          `json:"id"`
	Source          string          `json:"source"`
	Type            string          `json:"type"`
	Subject         string          `json:"subject"`
	Time            string          `json:"time"`
	DataContentType string          `json:"datacontenttype"`
	Data            json.RawMessage `json:"data"`
	Provider        string          `json:"provider"`
	ObjectType      string          `json:"objecttype"`
	ObjectID        string          `json:"objectid"`
	Action          string          `json:"action"`
}

func parseCloudEvent(t *testing.T, d delivery) cloudEvent {
	t.Helper()
	if ct := d.Header.Get("Content-Type"); ct != "application/cloudevents+json" {
		t.Fatalf("%s: Content-Type %q, want application/cloudevents+json", d.Path, ct)
	}
	var ce cloudEvent
	if err := json.Unmarshal(d.Body, &ce); err != nil {
		t.Fatalf("%s: forwarded body is not a CloudEvent: %v\n%s", d.Path, err, d.Body)
	}
	if ce.SpecVersion != "1.0" || ce.ID == "" || ce.Source == "" || ce.Type == "" || ce.Time == "" {
		t.Fatalf("%s: incomplete CloudEvent: %s", d.Path, d.Body)
	}
	if _, err := time.Parse(time.RFC3339Nano, ce.Time); err != nil {
		t.Fatalf("%s: CloudEvent time %q: %v", d.Path, ce.Time, err)
	}
	if d.Header.Get("Webhook-Id") != ce.ID {
		t.Fatalf("%s: webhook-id %q differs from the CloudEvent id %q", d.Path, d.Header.Get("Webhook-Id"), ce.ID)
	}
	return ce
}

// jsonEqual reports whether a and b are the same JSON value.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("not JSON: %v: %s", err, a)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

// noSecrets fails if any configured secret shows up in s.
func noSecrets(t *testing.T, what, s string) {
	t.Helper()
	all := []string{signingKey, signingKeyNext, stripeSecret, strings.TrimPrefix(signingKey, "whsec_")}
	for _, v := range providerSecrets {
		all = append(all, v)
	}
	for _, v := range all {
		if strings.Contains(s, v) {
			t.Errorf("%s contains a secret", what)
		}
	}
}

// setSecrets puts the fake secrets into the environment and the stripe secret
// file into dir/secrets.
func setSecrets(t *testing.T) {
	t.Helper()
	for k, v := range providerSecrets {
		t.Setenv(k, v)
	}
	t.Setenv("HOOKSTILE_SIGNING_KEY", signingKey)
	t.Setenv("HOOKSTILE_SIGNING_KEY_NEXT", signingKeyNext)
}

func writeStripeSecret(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "secrets"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secrets", "stripe_endpoint_secret"), []byte(stripeSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
