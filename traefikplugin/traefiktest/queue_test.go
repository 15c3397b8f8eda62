package traefiktest

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/traefik/traefik/v3/pkg/config/dynamic"

	"github.com/hookstile/hookstile/internal/provsign"
)

// portUpstream is an application on a fixed loopback port that can be down
// (nothing listening) and come back; it verifies every delivery with the
// standard-webhooks library.
type portUpstream struct {
	t      *testing.T
	addr   string
	wh     *standardwebhooks.Webhook
	mu     sync.Mutex
	srv    *http.Server
	status int
	got    []delivery
	bad    []string
	byID   map[string]int
	maxID  int
}

func newPortUpstream(t *testing.T) *portUpstream {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(signingKey)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	u := &portUpstream{t: t, addr: addr, wh: wh, status: http.StatusOK, byID: map[string]int{}}
	t.Cleanup(u.down)
	return u
}

func (u *portUpstream) url() string { return "http://" + u.addr + "/app/dropbox" }

func (u *portUpstream) up() {
	var l net.Listener
	var err error
	for i := 0; i < 100; i++ {
		if l, err = net.Listen("tcp", u.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		u.t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		id := r.Header.Get("Webhook-Id")
		u.mu.Lock()
		if err := u.wh.Verify(body, r.Header); err != nil {
			u.bad = append(u.bad, id+": "+err.Error())
		}
		u.byID[id]++
		if u.byID[id] > u.maxID {
			u.maxID = u.byID[id]
		}
		status := u.status
		u.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		u.mu.Lock()
		u.byID[id]--
		u.got = append(u.got, delivery{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
		u.mu.Unlock()
		w.WriteHeader(status)
	})}
	u.mu.Lock()
	u.srv = srv
	u.mu.Unlock()
	go srv.Serve(l)
}

func (u *portUpstream) down() {
	u.mu.Lock()
	srv := u.srv
	u.srv = nil
	u.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// subjects returns the CloudEvent subjects delivered.
func (u *portUpstream) subjects(t *testing.T) map[string]int {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := map[string]int{}
	for _, d := range u.got {
		var ce struct{ Subject string }
		if err := json.Unmarshal(d.Body, &ce); err != nil {
			t.Errorf("not a CloudEvent: %s", d.Body)
		}
		out[ce.Subject]++
	}
	return out
}

func (u *portUpstream) check(t *testing.T) {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, b := range u.bad {
		t.Errorf("upstream refused a delivery: %s", b)
	}
	if u.maxID > 1 {
		t.Errorf("one event was in flight %d times at once", u.maxID)
	}
}

// queueRoute builds one hookstile middleware from raw through Traefik's
// plugin builder (Yaegi), in front of next, serving it on a test server.
func queueRoute(t *testing.T, tr *traefik, ctx context.Context, raw map[string]any, next http.Handler) string {
	t.Helper()
	cfg := &dynamic.Configuration{HTTP: &dynamic.HTTPConfiguration{Middlewares: map[string]*dynamic.Middleware{
		"queued": {Plugin: map[string]dynamic.PluginConf{pluginKey: raw}},
	}}}
	h := tr.build(t, cfg, "queued", ctx, next)
	front := httptest.NewServer(h)
	t.Cleanup(front.Close)
	return front.URL
}

// notFound is a service that must not be reached.
func notFound(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the router's service was reached in queue mode with a to: %s", r.URL.Path)
		http.NotFound(w, r)
	})
}

func dropboxNote(t *testing.T, base string, secret string, accounts ...string) *http.Request {
	t.Helper()
	q := make([]string, len(accounts))
	for i, a := range accounts {
		q[i] = strconv.Quote(a)
	}
	body := `{"list_folder":{"accounts":[` + strings.Join(q, ",") + `]},"delta":{"users":[1]}}`
	r, err := provsign.Sign("dropbox", provsign.Input{Secrets: []string{secret}, Body: []byte(body), Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	req := newRequest(t, "POST", base+"/hooks/dropbox", r.Header.Get("Content-Type"), r.Body, nil)
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	return req
}

func spoolCount(dir, state string) int {
	ents, _ := os.ReadDir(filepath.Join(dir, state))
	return len(ents)
}

func waitTrue(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTraefikQueue: the plugin in queue mode through Traefik's loader.
// Dropbox gets 200 once a notification is spooled (one event per account)
// while the application is down; forged ones are refused and never queued.
// The dynamic configuration changes (ctx cancelled, a new instance on the
// same directory); once the application is up every account is delivered,
// re-signed, none in flight twice at once. Values are given typed (as
// labels and CRDs give them) and as strings.
func TestTraefikQueue(t *testing.T) {
	setSecrets(t)
	tr := startTraefik(t, repoRoot(t))
	up := newPortUpstream(t) // down
	dir := t.TempDir()
	raw := map[string]any{
		"provider": "dropbox",
		"secrets":  []any{"env:DROPBOX_APP_SECRET"},
		"signKeys": []any{"env:HOOKSTILE_SIGNING_KEY"},
		"queue": map[string]any{
			"dir":         dir,
			"to":          up.url(),
			"attempts":    20, // typed
			"backoffMin":  "100ms",
			"backoffMax":  "300ms",
			"timeout":     "2s",
			"concurrency": "4",  // a string
			"coalesce":    true, // typed
			"maxAge":      "1h",
		},
	}
	ctx1, cancel1 := context.WithCancel(context.Background())
	defer cancel1()
	base := queueRoute(t, tr, ctx1, raw, notFound(t))

	var accounts []string
	for i := 0; i < 6; i++ {
		a1, a2 := "dbid:t"+strconv.Itoa(2*i), "dbid:t"+strconv.Itoa(2*i+1)
		a := send(t, dropboxNote(t, base, env("DROPBOX_APP_SECRET"), a1, a2))
		if a.Status != http.StatusOK {
			t.Fatalf("notification %d: %d %q", i, a.Status, a.Body)
		}
		accounts = append(accounts, a1, a2)
	}
	if a := send(t, dropboxNote(t, base, "forged", "dbid:forged")); a.Status != http.StatusUnauthorized {
		t.Errorf("forged notification: %d", a.Status)
	}
	if n := spoolCount(dir, "pending") + spoolCount(dir, "inflight"); n != len(accounts) {
		t.Fatalf("spool holds %d events, want %d (one per account)", n, len(accounts))
	}
	waitTrue(t, 5*time.Second, "a depth line in Traefik's log", func() bool {
		return strings.Contains(tr.logs.String(), "pending,")
	})

	// The next dynamic configuration: the old instance stops, a new one
	// takes the same directory.
	cancel1()
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	queueRoute(t, tr, ctx2, raw, notFound(t))
	up.up()
	waitTrue(t, 15*time.Second, "every account delivered", func() bool {
		got := up.subjects(t)
		for _, a := range accounts {
			if got[a] == 0 {
				return false
			}
		}
		return spoolCount(dir, "pending")+spoolCount(dir, "inflight") == 0
	})
	up.check(t)
	if got := up.subjects(t)["dbid:forged"]; got != 0 {
		t.Errorf("a forged notification was delivered")
	}
	noSecrets(t, "Traefik's log", tr.logs.String())
}

// TestTraefikQueueThroughService: without a to, events go through the
// router's service to the path the provider posted to; Dropbox Sign gets
// its acknowledgement body once the event is queued.
func TestTraefikQueueThroughService(t *testing.T) {
	setSecrets(t)
	tr := startTraefik(t, repoRoot(t))
	up := newUpstream(t)
	dir := t.TempDir()
	raw := map[string]any{
		"provider": "dropbox_sign",
		"secrets":  []any{"env:DROPBOX_SIGN_API_KEY"},
		"signKeys": []any{"env:HOOKSTILE_SIGNING_KEY"},
		"queue":    map[string]any{"dir": dir, "backoffMin": "100ms", "timeout": "2s"},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base := queueRoute(t, tr, ctx, raw, up.proxy(t))
	const path = "/hooks/dropbox-sign"
	r, err := provsign.Sign("dropbox_sign", provsign.Input{Secrets: []string{env("DROPBOX_SIGN_API_KEY")}, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	req := newRequest(t, "POST", base+path, r.Header.Get("Content-Type"), r.Body, nil)
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	a := send(t, req)
	if a.Status != 200 || a.Body != "Hello API Event Received" {
		t.Fatalf("queued Dropbox Sign callback: %d %q", a.Status, a.Body)
	}
	waitTrue(t, 10*time.Second, "delivery through the service", func() bool { return up.count(path) == 1 })
	up.check(t)
	d := up.last(t, path)
	if d.Header.Get("Webhook-Id") == "" || d.Header.Get("X-Dropbox-Signature") != "" {
		t.Errorf("delivered headers: %v", d.Header)
	}
}

// TestTraefikQueueDeadLetter: an application that rejects (422) makes a
// dead letter at once, with one log line in Traefik's log.
func TestTraefikQueueDeadLetter(t *testing.T) {
	setSecrets(t)
	tr := startTraefik(t, repoRoot(t))
	up := newPortUpstream(t)
	up.status = http.StatusUnprocessableEntity
	up.up()
	dir := t.TempDir()
	raw := map[string]any{
		"provider": "dropbox",
		"secrets":  []any{"env:DROPBOX_APP_SECRET"},
		"signKeys": []any{"env:HOOKSTILE_SIGNING_KEY"},
		"queue":    map[string]any{"dir": dir, "to": up.url(), "perSubject": "1", "coalesce": "false"},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base := queueRoute(t, tr, ctx, raw, notFound(t))
	if a := send(t, dropboxNote(t, base, env("DROPBOX_APP_SECRET"), "dbid:rejected")); a.Status != 200 {
		t.Fatalf("notification: %d", a.Status)
	}
	waitTrue(t, 10*time.Second, "a dead letter", func() bool { return spoolCount(dir, "dead") == 1 })
	waitTrue(t, 5*time.Second, "the dead letter's log line", func() bool {
		return strings.Contains(tr.logs.String(), "dead letter") && strings.Contains(tr.logs.String(), "422 Unprocessable Entity")
	})
}

// TestTraefikQueueConfigErrors: queue settings are checked when the
// middleware is built.
func TestTraefikQueueConfigErrors(t *testing.T) {
	setSecrets(t)
	tr := startTraefik(t, repoRoot(t))
	for _, tc := range []struct {
		name  string
		queue map[string]any
		want  string
	}{
		{"no dir", map[string]any{"to": "http://127.0.0.1:9/"}, "queue.dir: required"},
		{"bad to", map[string]any{"dir": t.TempDir(), "to": "ftp://x"}, "queue.to"},
		{"bad attempts", map[string]any{"dir": t.TempDir(), "attempts": "many"}, "queue.attempts"},
		{"bad coalesce", map[string]any{"dir": t.TempDir(), "coalesce": "sometimes"}, "queue.coalesce"},
		{"backoff upside down", map[string]any{"dir": t.TempDir(), "backoffMin": "1m", "backoffMax": "1s"}, "backoff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := map[string]any{"provider": "dropbox", "secrets": []any{"env:DROPBOX_APP_SECRET"}, "queue": tc.queue}
			cfg := &dynamic.Configuration{HTTP: &dynamic.HTTPConfiguration{Middlewares: map[string]*dynamic.Middleware{
				"queued": {Plugin: map[string]dynamic.PluginConf{pluginKey: raw}},
			}}}
			_, err := tr.tryBuild(cfg, "queued", context.Background(), http.NotFoundHandler())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestTraefikQueueExample serves examples/traefik/queue.yml (decoded by
// Traefik's file provider; its dir moved to a temporary directory): a
// Dropbox notification is answered 200 and reaches the application through
// the router's service.
func TestTraefikQueueExample(t *testing.T) {
	root := repoRoot(t)
	cfg := readDynamic(t, examplePath(root, "queue.yml"))
	q, ok := cfg.HTTP.Middlewares["dropbox-queued"].Plugin[pluginKey]["queue"].(map[string]any)
	if !ok || q["dir"] != "/var/lib/traefik/hookstile/dropbox" {
		t.Fatalf("queue.yml: queue %v", cfg.HTTP.Middlewares["dropbox-queued"].Plugin)
	}
	dir := t.TempDir()
	q["dir"] = dir
	q["backoffMin"] = "100ms"
	s := serveConfig(t, root, cfg)
	a := send(t, dropboxNote(t, s.url, env("DROPBOX_APP_SECRET"), "dbid:example"))
	if a.Status != http.StatusOK {
		t.Fatalf("notification: %d %q", a.Status, a.Body)
	}
	waitTrue(t, 10*time.Second, "delivery through the service", func() bool { return s.up.count("/hooks/dropbox") == 1 })
	ce := parseCloudEvent(t, s.up.last(t, "/hooks/dropbox"))
	if ce.Subject != "dbid:example" || ce.Type != "dropbox.notification" {
		t.Errorf("delivered CloudEvent: %+v", ce)
	}
	waitTrue(t, 5*time.Second, "an empty spool", func() bool { return spoolCount(dir, "pending")+spoolCount(dir, "inflight") == 0 })
}
