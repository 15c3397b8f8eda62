package caddymodule

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/prometheus/client_golang/prometheus"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// queueApp is the application behind a queue: it verifies each delivery's
// Standard Webhooks signature and answers status.
type queueApp struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	status int
	ids    []string
}

func newQueueApp(t *testing.T) *queueApp {
	wh, err := standardwebhooks.NewWebhook(testKey)
	if err != nil {
		t.Fatal(err)
	}
	a := &queueApp{t: t, status: http.StatusOK}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := wh.Verify(body, r.Header); err != nil {
			t.Errorf("queued delivery does not verify: %v", err)
		}
		a.mu.Lock()
		a.ids = append(a.ids, r.Header.Get("Webhook-Id"))
		status := a.status
		a.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *queueApp) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.ids)
}

func dropboxRequest(accounts string) *http.Request {
	r, _ := withReplacer(signedRequest("dropbox", "/hooks/dropbox", "dropbox-secret", time.Now(),
		`{"list_folder":{"accounts":[`+accounts+`]},"delta":{"users":[1]}}`, nil))
	return r
}

func serveStatus(t *testing.T, h *Handler, r *http.Request) (int, *nextHandler) {
	t.Helper()
	next := &nextHandler{}
	w := httptest.NewRecorder()
	err := h.ServeHTTP(w, r, next)
	var he caddyhttp.HandlerError
	if errors.As(err, &he) {
		return he.StatusCode, next
	}
	if err != nil {
		t.Fatalf("ServeHTTP: %v", err)
	}
	return w.Code, next
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func gauge(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) (float64, bool) {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			l := map[string]string{}
			for _, lp := range m.GetLabel() {
				l[lp.GetName()] = lp.GetValue()
			}
			for k, v := range labels {
				if l[k] != v {
					continue next
				}
			}
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue(), true
			}
			return m.GetGauge().GetValue(), true
		}
	}
	return 0, false
}

// TestQueueMode: Dropbox is answered 200 once the notification is spooled,
// one event per account; next is never called; the events reach the
// application re-signed; the metrics count them; a rejected event is a dead
// letter.
func TestQueueMode(t *testing.T) {
	app := newQueueApp(t)
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data) // Caddy's data directory: the default spool's parent
	h := &Handler{Provider: "dropbox", Secrets: []string{"dropbox-secret"}, SignKeys: []string{testKey},
		Queue: &QueueConfig{To: app.srv.URL + "/app", BackoffMin: caddy.Duration(50 * time.Millisecond)}}
	ctx, _ := provision(t, h)
	dir := filepath.Join(caddy.AppDataDir(), "hookstile", "dropbox")
	if h.queueDir != dir || !strings.HasPrefix(dir, data) {
		t.Fatalf("default spool %s, want %s", h.queueDir, dir)
	}
	if o := h.engine.Options(); o.PerSubject != 1 || !o.Coalesce {
		t.Errorf("Dropbox defaults: per_subject %d, coalesce %v; want 1, on", o.PerSubject, o.Coalesce)
	}
	status, next := serveStatus(t, h, dropboxRequest(`"dbid:a","dbid:b"`))
	if status != http.StatusOK || next.calls != 0 {
		t.Fatalf("queued notification: %d, next called %d times", status, next.calls)
	}
	waitFor(t, "two deliveries", func() bool { return app.count() == 2 })
	reg := ctx.GetMetricsRegistry()
	waitFor(t, "the delivered attempts counted", func() bool {
		v, _ := gauge(t, reg, "caddy_hookstile_queue_attempts_total", map[string]string{"provider": "dropbox", "outcome": "delivered"})
		return v == 2
	})
	if status, _ := serveStatus(t, h, signedRequest("dropbox", "/hooks/dropbox", "forged", time.Now(), `{"list_folder":{"accounts":["x"]}}`, nil)); status != http.StatusUnauthorized {
		t.Errorf("forged: %d", status)
	}
	app.mu.Lock()
	app.status = http.StatusBadRequest
	app.mu.Unlock()
	serveStatus(t, h, dropboxRequest(`"dbid:c"`))
	waitFor(t, "a dead letter counted", func() bool {
		v, _ := gauge(t, reg, "caddy_hookstile_queue_dead_letters_total", map[string]string{"provider": "dropbox", "queue": dir})
		return v == 1
	})
	waitFor(t, "the depth gauge", func() bool {
		v, ok := gauge(t, reg, "caddy_hookstile_queue_events", map[string]string{"state": "dead", "queue": dir})
		return ok && v == 1
	})
	if _, ok := gauge(t, reg, "caddy_hookstile_queue_oldest_pending_seconds", map[string]string{"queue": dir}); !ok {
		t.Error("no oldest-pending gauge")
	}
	if app.count() != 3 {
		t.Errorf("application got %d deliveries, want 3 (the forged one never)", app.count())
	}
}

// TestQueueFullAndTooLarge: a full queue answers 503, an event larger than
// the queue 413, never 2xx; a spool that cannot be written 503 with one log
// line for the outage.
func TestQueueFullAndTooLarge(t *testing.T) {
	dir := t.TempDir()
	h := &Handler{Provider: "github", Secrets: []string{"gh"}, SignKeys: []string{testKey},
		Queue: &QueueConfig{Dir: dir, To: "http://127.0.0.1:9/app", MaxEvents: 1, MaxSize: 4096, BackoffMin: caddy.Duration(time.Hour)}}
	provision(t, h)
	gh := func(id, body string) *http.Request {
		r := signedRequest("github", "/hooks/github", "gh", time.Now(), body, nil)
		r.Header.Set("X-GitHub-Delivery", id)
		r.Header.Set("X-GitHub-Event", "push")
		rr, _ := withReplacer(r)
		return rr
	}
	if s, _ := serveStatus(t, h, gh("d1", `{"zen":"one"}`)); s != http.StatusOK {
		t.Fatalf("first event: %d", s)
	}
	if s, _ := serveStatus(t, h, gh("d2", `{"zen":"two"}`)); s != http.StatusServiceUnavailable {
		t.Errorf("full queue: %d, want 503", s)
	}
	if s, _ := serveStatus(t, h, gh("d3", `{"zen":"`+strings.Repeat("x", 5000)+`"}`)); s != http.StatusRequestEntityTooLarge {
		t.Errorf("event larger than the queue: %d, want 413", s)
	}
	// The provider's retry of the refused event is not taken for a replay.
	if s, _ := serveStatus(t, h, gh("d2", `{"zen":"two"}`)); s != http.StatusServiceUnavailable {
		t.Errorf("retry of the refused event: %d, want 503 again (not a duplicate)", s)
	}

	h2dir := t.TempDir()
	h2 := &Handler{Provider: "github", Secrets: []string{"gh"}, Queue: &QueueConfig{Dir: h2dir, To: "http://127.0.0.1:9/app"}}
	_, logs2 := provision(t, h2)
	os.RemoveAll(filepath.Join(h2dir, "tmp"))
	os.WriteFile(filepath.Join(h2dir, "tmp"), []byte("not a directory"), 0o600)
	for i := 0; i < 3; i++ {
		r := signedRequest("github", "/hooks/github", "gh", time.Now(), `{"n":1}`, nil)
		r.Header.Set("X-GitHub-Delivery", "u"+string(rune('a'+i)))
		rr, _ := withReplacer(r)
		if s, _ := serveStatus(t, h2, rr); s != http.StatusServiceUnavailable {
			t.Errorf("unwritable spool: %d, want 503", s)
		}
	}
	n := 0
	for _, e := range logs2.All() {
		if strings.Contains(e.Message, "cannot store events") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d 'cannot store events' lines for one outage, want 1", n)
	}
}

// TestQueueCaddyfile: the queue block, its defaults and its errors.
func TestQueueCaddyfile(t *testing.T) {
	h := &Handler{}
	d := caddyfile.NewTestDispenser(`hookstile box secret {
		queue /var/spool/box {
			to http://127.0.0.1:9000/box
			backoff 2s
			per_subject 0
			coalesce off
		}
	}`)
	if err := h.UnmarshalCaddyfile(d); err != nil {
		t.Fatal(err)
	}
	q := h.Queue
	if q == nil || q.Dir != "/var/spool/box" || q.To != "http://127.0.0.1:9000/box" || time.Duration(q.BackoffMin) != 2*time.Second ||
		q.BackoffMax != 0 || q.PerSubject == nil || *q.PerSubject != 0 || q.Coalesce == nil || *q.Coalesce {
		t.Errorf("parsed %+v", q)
	}
	for _, tc := range []struct{ in, want string }{
		{`hookstile box s {
			queue {
				to http://x/
				attempts 0
			}
		}`, "bad count"},
		{`hookstile box s {
			queue a b {
				to http://x/
			}
		}`, "at most one directory"},
		{`hookstile box s {
			queue {
				to http://x/
				retries 3
			}
		}`, "unrecognized queue subdirective 'retries'"},
		{`hookstile box s {
			queue {
				to http://x/
				coalesce maybe
			}
		}`, "want on or off"},
	} {
		err := (&Handler{}).UnmarshalCaddyfile(caddyfile.NewTestDispenser(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.want)
		}
	}
	// to must be a URL.
	bad := &Handler{Provider: "box", Secrets: []string{"s"}, Queue: &QueueConfig{Dir: t.TempDir(), To: "127.0.0.1:9000"}}
	ctx, cancel := caddy.NewContext(caddy.Context{Context: t.Context()})
	defer cancel()
	if err := bad.Provision(ctx); err == nil || !strings.Contains(err.Error(), "want an http:// or https:// URL") {
		t.Errorf("to without a scheme: %v", err)
	}
}
