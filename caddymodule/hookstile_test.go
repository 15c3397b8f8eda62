package caddymodule

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/hookstile/hookstile/internal/provsign"
)

const (
	testKey    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	testSecret = "box-test-primary-key"
)

// nextHandler adapts a closure to caddyhttp.Handler and counts calls.
type nextHandler struct {
	calls int
	last  *http.Request
	body  []byte
	fn    func(w http.ResponseWriter, r *http.Request) error
}

func (n *nextHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) error {
	n.calls++
	n.last = r
	n.body, _ = io.ReadAll(r.Body)
	if n.fn != nil {
		return n.fn(w, r)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// provision provisions h in a fresh Caddy context and observes its logs.
func provision(t *testing.T, h *Handler) (caddy.Context, *observer.ObservedLogs) {
	t.Helper()
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	t.Cleanup(cancel)
	if err := h.Provision(ctx); err != nil {
		t.Fatalf("Provision: %v", err)
	}
	t.Cleanup(func() { h.Cleanup() })
	core, logs := observer.New(zap.DebugLevel)
	h.logger = zap.New(core)
	return ctx, logs
}

func boxRequest(key, id string, at time.Time, body string) *http.Request {
	r := signedRequest("box", "/hooks/box", key, at, body, nil)
	r.RemoteAddr = "192.0.2.7:4242"
	r.Header.Set("BOX-DELIVERY-ID", id)
	return r
}

// signedRequest is body signed as provider signs it (internal/provsign).
func signedRequest(provider, path, secret string, at time.Time, body string, opts map[string]string) *http.Request {
	s, err := provsign.Sign(provider, provsign.Input{Secrets: []string{secret}, Body: []byte(body), Now: at, Options: opts, URL: "http://example.com" + path})
	if err != nil {
		panic(err)
	}
	r := httptest.NewRequest(s.Method, path, strings.NewReader(string(s.Body)))
	for k, vs := range s.Header {
		if k != "Content-Length" {
			r.Header[k] = vs
		}
	}
	return r
}

// withReplacer gives r the replacer Caddy's server would.
func withReplacer(r *http.Request) (*http.Request, *caddy.Replacer) {
	repl := caddy.NewReplacer()
	return r.WithContext(context.WithValue(r.Context(), caddy.ReplacerCtxKey, repl)), repl
}

func TestServeHTTPVerified(t *testing.T) {
	h := &Handler{Provider: "box", Secrets: []string{testSecret}, SignKeys: []string{testKey}}
	ctx, _ := provision(t, h)
	next := &nextHandler{}
	body := `{"trigger":"FILE.UPLOADED","source":{"id":"42","type":"file"}}`
	r, repl := withReplacer(boxRequest(testSecret, "d-1", time.Now(), body))
	w := httptest.NewRecorder()
	if err := h.ServeHTTP(w, r, next); err != nil {
		t.Fatalf("ServeHTTP = %v", err)
	}
	if next.calls != 1 || w.Code != http.StatusNoContent {
		t.Fatalf("next called %d times, status %d; want 1, 204", next.calls, w.Code)
	}
	wh, _ := standardwebhooks.NewWebhook(testKey)
	if err := wh.Verify(next.body, next.last.Header); err != nil {
		t.Errorf("forwarded delivery does not verify: %v", err)
	}
	if got := next.last.Header.Get("Box-Signature-Primary"); got != "" {
		t.Errorf("provider signature forwarded: %q", got)
	}
	if cl := next.last.ContentLength; cl != int64(len(next.body)) {
		t.Errorf("ContentLength %d, body %d bytes", cl, len(next.body))
	}
	for k, want := range map[string]string{
		"http.hookstile.provider":   "box",
		"http.hookstile.event_type": "FILE.UPLOADED",
		"http.hookstile.event_id":   "d-1",
	} {
		if got, _ := repl.GetString(k); got != want {
			t.Errorf("placeholder %s = %q, want %q", k, got, want)
		}
	}
	// The same delivery again is acknowledged and not forwarded.
	r2, _ := withReplacer(boxRequest(testSecret, "d-1", time.Now(), body))
	w = httptest.NewRecorder()
	if err := h.ServeHTTP(w, r2, next); err != nil || w.Code != 200 || next.calls != 1 {
		t.Errorf("duplicate: err %v, status %d, next calls %d; want nil, 200, 1", err, w.Code, next.calls)
	}
	reg := ctx.GetMetricsRegistry()
	for outcome, want := range map[string]float64{"verified": 1, "duplicate": 1} {
		if got := counter(t, reg, "box", outcome, ""); got != want {
			t.Errorf("counter %s = %v, want %v", outcome, got, want)
		}
	}
}

func TestServeHTTPRejected(t *testing.T) {
	h := &Handler{Provider: "box", Secrets: []string{testSecret}, SignKeys: []string{testKey}}
	ctx, logs := provision(t, h)
	next := &nextHandler{}
	now := time.Now()
	for _, tc := range []struct {
		name   string
		r      *http.Request
		status int
		reason string
	}{
		{"forged", boxRequest("other-key", "f-1", now, `{}`), 401, "signature_mismatch"},
		{"stale", boxRequest(testSecret, "f-2", now.Add(-time.Hour), `{}`), 401, "stale_timestamp"},
		{"unsigned", httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`)), 400, "missing_signature"},
		{"method", httptest.NewRequest(http.MethodPut, "/", strings.NewReader(`{}`)), 405, "method_not_allowed"},
		{"oversize", boxRequest(testSecret, "f-3", now, `{"p":"`+strings.Repeat("x", 2<<20)+`"}`), 413, "body_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs.TakeAll()
			r, _ := withReplacer(tc.r)
			w := httptest.NewRecorder()
			err := h.ServeHTTP(w, r, next)
			var he caddyhttp.HandlerError
			if !errors.As(err, &he) || he.StatusCode != tc.status {
				t.Fatalf("ServeHTTP = %v, want caddyhttp.Error %d", err, tc.status)
			}
			if w.Body.Len() != 0 || next.calls != 0 {
				t.Errorf("rejection wrote %q, next called %d times", w.Body.String(), next.calls)
			}
			entries := logs.TakeAll()
			if len(entries) != 1 {
				t.Fatalf("%d log lines, want 1", len(entries))
			}
			f := entries[0].ContextMap()
			if f["reason"] != tc.reason || f["provider"] != "box" || f["status"] != int64(tc.status) || !strings.Contains(f["remote_addr"].(string), "192.0.2") && tc.r.RemoteAddr == "192.0.2.7:4242" {
				t.Errorf("log fields = %v", f)
			}
			line := entries[0].Message
			for _, v := range f {
				if s, ok := v.(string); ok {
					line += " " + s
				}
			}
			sig := tc.r.Header.Get("BOX-SIGNATURE-PRIMARY")
			if strings.Contains(line, testSecret) || sig != "" && strings.Contains(line, sig) {
				t.Errorf("log line leaks a secret: %s", line)
			}
			if got := counter(t, ctx.GetMetricsRegistry(), "box", "rejected", tc.reason); got != 1 {
				t.Errorf("rejected{%s} = %v, want 1", tc.reason, got)
			}
		})
	}
}

func TestServeHTTPUpstreamFailure(t *testing.T) {
	h := &Handler{Provider: "box", Secrets: []string{testSecret}, SignKeys: []string{testKey}}
	ctx, _ := provision(t, h)
	body := `{"trigger":"FILE.DELETED"}`
	for _, tc := range []struct {
		name string
		fn   func(w http.ResponseWriter, r *http.Request) error
		want int
	}{
		{"error", func(w http.ResponseWriter, r *http.Request) error {
			return caddyhttp.Error(http.StatusBadGateway, errors.New("dial tcp: connection refused"))
		}, 502},
		{"status", func(w http.ResponseWriter, r *http.Request) error {
			w.WriteHeader(http.StatusServiceUnavailable)
			return nil
		}, 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := "u-" + tc.name
			body := body[:len(body)-1] + `,"case":"` + tc.name + `"}` // each case is its own delivery
			next := &nextHandler{fn: tc.fn}
			r, _ := withReplacer(boxRequest(testSecret, id, time.Now(), body))
			w := httptest.NewRecorder()
			err := h.ServeHTTP(w, r, next)
			var he caddyhttp.HandlerError
			status := w.Code
			if errors.As(err, &he) {
				status = he.StatusCode
			}
			if status != tc.want {
				t.Errorf("status %d (err %v), want %d", status, err, tc.want)
			}
			// The failed delivery was released: the retry is forwarded.
			ok := &nextHandler{}
			r, _ = withReplacer(boxRequest(testSecret, id, time.Now(), body))
			w = httptest.NewRecorder()
			if err := h.ServeHTTP(w, r, ok); err != nil || ok.calls != 1 || w.Code != 204 {
				t.Errorf("retry: err %v, next calls %d, status %d; want forwarded", err, ok.calls, w.Code)
			}
		})
	}
	if got := counter(t, ctx.GetMetricsRegistry(), "box", "upstream_failed", ""); got != 2 {
		t.Errorf("upstream_failed = %v, want 2", got)
	}
}

func dropboxSignRequest(key, evType string) *http.Request {
	evTime := strconv.FormatInt(time.Now().Unix(), 10)
	js := `{"event":{"event_time":"` + evTime + `","event_type":"` + evType + `"}}`
	return signedRequest("dropbox_sign", "/", key, time.Now(), js, map[string]string{"encoding": "json"})
}

func TestServeHTTPAcknowledgement(t *testing.T) {
	h := &Handler{Provider: "dropbox_sign", Secrets: []string{"api-key"}, SignKeys: []string{testKey}}
	provision(t, h)
	upstreamOK := &nextHandler{fn: func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("X-Upstream", "1")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "thanks")
		return nil
	}}
	r, _ := withReplacer(dropboxSignRequest("api-key", "signature_request_signed"))
	w := httptest.NewRecorder()
	if err := h.ServeHTTP(w, r, upstreamOK); err != nil {
		t.Fatal(err)
	}
	if w.Code != 200 || w.Body.String() != "Hello API Event Received" || w.Header().Get("X-Upstream") != "" {
		t.Errorf("ack: %d %q %v", w.Code, w.Body.String(), w.Header())
	}
	upstreamDown := &nextHandler{fn: func(w http.ResponseWriter, r *http.Request) error {
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "boom")
		return nil
	}}
	r, _ = withReplacer(dropboxSignRequest("api-key", "signature_request_sent"))
	w = httptest.NewRecorder()
	if err := h.ServeHTTP(w, r, upstreamDown); err != nil {
		t.Fatal(err)
	}
	if w.Code != 500 || strings.Contains(w.Body.String(), "Hello API") {
		t.Errorf("failed upstream: %d %q, want 500 without the acknowledgement", w.Code, w.Body.String())
	}
}

func TestHandshakeNotForwarded(t *testing.T) {
	h := &Handler{Provider: "dropbox", Secrets: []string{"app-secret"}}
	ctx, _ := provision(t, h)
	next := &nextHandler{}
	r, _ := withReplacer(httptest.NewRequest(http.MethodGet, "/?challenge=abc", nil))
	w := httptest.NewRecorder()
	if err := h.ServeHTTP(w, r, next); err != nil {
		t.Fatal(err)
	}
	if w.Code != 200 || w.Body.String() != "abc" || next.calls != 0 ||
		!strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("handshake: %d %q %v, next calls %d", w.Code, w.Body.String(), w.Header(), next.calls)
	}
	if got := counter(t, ctx.GetMetricsRegistry(), "dropbox", "handshake", ""); got != 1 {
		t.Errorf("handshake counter = %v", got)
	}
}

func TestProvisionSecrets(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "secret")
	if err := os.WriteFile(file, []byte(testSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOOKSTILE_TEST_BOX", testSecret)
	t.Setenv("HOOKSTILE_TEST_EMPTY", "")

	for _, tc := range []struct {
		name    string
		h       Handler
		wantErr string
	}{
		{"env", Handler{Provider: "box", Secrets: []string{"{env.HOOKSTILE_TEST_BOX}"}}, ""},
		{"file", Handler{Provider: "box", Secrets: []string{"{file." + file + "}"}}, ""},
		{"unset env", Handler{Provider: "box", Secrets: []string{"ok", "{env.HOOKSTILE_TEST_UNSET_VAR}"}}, "secret #2: {env.HOOKSTILE_TEST_UNSET_VAR} is empty or not set"},
		{"empty env", Handler{Provider: "box", Secrets: []string{"{env.HOOKSTILE_TEST_EMPTY}"}}, "secret #1: {env.HOOKSTILE_TEST_EMPTY} is empty"},
		{"missing file", Handler{Provider: "box", Secrets: []string{"{file." + dir + "/nope}"}}, "secret #1: {file."},
		{"empty sign key", Handler{Provider: "box", Secrets: []string{"a"}, SignKeys: []string{"{env.HOOKSTILE_TEST_EMPTY}"}}, "sign_key #1"},
		{"no secret", Handler{Provider: "box"}, "no secret configured"},
		{"unknown provider", Handler{Provider: "nope", Secrets: []string{"a"}}, "unknown provider"},
		{"generic without header", Handler{Provider: "generic", Secrets: []string{"a"}}, `option "header" is required`},
		{"bad format", Handler{Provider: "box", Secrets: []string{"a"}, Format: "xml"}, "format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.h
			ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
			defer cancel()
			err := h.Provision(ctx)
			defer h.Cleanup()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Provision = %v", err)
				}
				r, _ := withReplacer(boxRequest(testSecret, "p-1", time.Now(), `{}`))
				next := &nextHandler{}
				if err := h.ServeHTTP(httptest.NewRecorder(), r, next); err != nil || next.calls != 1 {
					t.Errorf("resolved secret does not verify: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Provision error = %v, want %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("error leaks the secret: %v", err)
			}
		})
	}
}

// TestMetricsSharedRegistry: two hookstile routes in one config share the counters.
func TestMetricsSharedRegistry(t *testing.T) {
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	defer cancel()
	a := &Handler{Provider: "dropbox", Secrets: []string{"a"}}
	b := &Handler{Provider: "box", Secrets: []string{"b"}}
	for _, h := range []*Handler{a, b} {
		if err := h.Provision(ctx); err != nil {
			t.Fatalf("Provision %s: %v", h.Provider, err)
		}
		defer h.Cleanup()
	}
	if a.metrics.requests != b.metrics.requests {
		t.Fatal("second route registered its own counter")
	}
	a.metrics.count("dropbox", outcomeHandshake, "")
	b.metrics.count("box", outcomeVerified, "")
	if n := testutil.CollectAndCount(a.metrics.requests); n != 2 {
		t.Errorf("series = %d, want 2", n)
	}
}

func counter(t *testing.T, reg *prometheus.Registry, provider, outcome, reason string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "caddy_hookstile_requests_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			l := map[string]string{}
			for _, lp := range m.GetLabel() {
				l[lp.GetName()] = lp.GetValue()
			}
			if l["provider"] == provider && l["outcome"] == outcome && l["reason"] == reason {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// Provider options take placeholders like secrets (Meta's verify token).
func TestProvisionOptionPlaceholders(t *testing.T) {
	t.Setenv("HOOKSTILE_TEST_VERIFY_TOKEN", "verify-me-123")
	h := &Handler{Provider: "facebook_graph_api", Secrets: []string{"app-secret"},
		Options: map[string]string{"verify_token": "{env.HOOKSTILE_TEST_VERIFY_TOKEN}"}}
	provision(t, h)
	next := &nextHandler{}
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/hooks/meta?hub.mode=subscribe&hub.verify_token=verify-me-123&hub.challenge=1158201444", nil)
	if err := h.ServeHTTP(w, r, next); err != nil || w.Code != 200 || w.Body.String() != "1158201444" || next.calls != 0 {
		t.Fatalf("handshake with the token from the environment: err %v, %d %q, forwarded %d", err, w.Code, w.Body.String(), next.calls)
	}

	unset := &Handler{Provider: "facebook_graph_api", Secrets: []string{"app-secret"},
		Options: map[string]string{"verify_token": "{env.HOOKSTILE_TEST_UNSET_TOKEN}"}}
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	defer cancel()
	err := unset.Provision(ctx)
	if err == nil || !strings.Contains(err.Error(), "verify_token") {
		t.Fatalf("unset option placeholder: %v", err)
	}
}
