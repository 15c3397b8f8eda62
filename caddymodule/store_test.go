package caddymodule

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/hookstile/hookstile/internal/redistest"
	"github.com/hookstile/hookstile/resp"
)

func TestStoreCaddyfile(t *testing.T) {
	parse := func(block string) (*Handler, error) {
		h := new(Handler)
		err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser("hookstile box secret {\n" + block + "\n}"))
		return h, err
	}
	for _, v := range []string{"memory", "redis://:{env.REDIS_PASSWORD}@10.0.0.5:6379/0", "rediss://u:p@h:6380/1?ca_file=/ca.pem", "{env.REDIS_URL}"} {
		h, err := parse("store " + v)
		if err != nil || h.Store != v {
			t.Errorf("store %s: %q %v", v, h.Store, err)
		}
	}
	for _, v := range []string{"store", "store a b", "store http://user:topsecretpw@h", "store postgres://x"} {
		_, err := parse(v)
		if err == nil {
			t.Errorf("%q accepted", v)
		} else if strings.Contains(err.Error(), "topsecretpw") {
			t.Errorf("%q: error shows the password: %v", v, err)
		}
	}
}

func TestResolveStoreURL(t *testing.T) {
	t.Setenv("HK_REDIS_PW", "p@ss:w/rd?#%")
	t.Setenv("HK_REDIS_USER", "al ice")
	t.Setenv("HK_REDIS_HOST", "10.0.0.5:6380")
	t.Setenv("HK_REDIS_URL", "rediss://bob:b%40b@10.0.0.6:6390/4")
	t.Setenv("HK_NOT_REDIS", "memory")
	repl := caddy.NewReplacer()
	cases := []struct {
		raw, user, pass, addr string
		db                    int
	}{
		{"redis://:{env.HK_REDIS_PW}@127.0.0.1:6379/2", "", "p@ss:w/rd?#%", "127.0.0.1:6379", 2},
		{"redis://{env.HK_REDIS_USER}:{env.HK_REDIS_PW}@{env.HK_REDIS_HOST}", "al ice", "p@ss:w/rd?#%", "10.0.0.5:6380", 0},
		{"redis://:lit%40pw@h:1/3", "", "lit@pw", "h:1", 3},
		{"redis://h:1", "", "", "h:1", 0},
		{"rediss://:{env.HK_REDIS_PW}@h:1/0?timeout=1s", "", "p@ss:w/rd?#%", "h:1", 0},
		{"{env.HK_REDIS_URL}", "bob", "b@b", "10.0.0.6:6390", 4},
	}
	for _, c := range cases {
		u, err := resolveStoreURL(repl, c.raw)
		if err != nil {
			t.Errorf("%s: %v", c.raw, err)
			continue
		}
		o, err := resp.ParseURL(u)
		if err != nil {
			t.Errorf("%s: resolved URL does not parse: %v", c.raw, err)
			continue
		}
		if o.Username != c.user || o.Password != c.pass || o.Addr != c.addr || o.DB != c.db {
			t.Errorf("%s: got user %q pass %q addr %s db %d", c.raw, o.Username, o.Password, o.Addr, o.DB)
		}
	}
	for _, raw := range []string{"{env.HK_UNSET_URL}", "{env.HK_NOT_REDIS}", "redis://:{env.HK_UNSET_PW}@h:1", "redis://{env.HK_UNSET_USER}@h:1", "http://h:1", "redis://:@h:1"} {
		_, err := resolveStoreURL(repl, raw)
		if err == nil {
			t.Errorf("%s accepted", raw)
		} else if strings.Contains(err.Error(), "p@ss") {
			t.Errorf("%s: error shows a password: %v", raw, err)
		}
	}
}

// Two routes (as two instances would) on one Redis: a delivery taken by one
// is a duplicate on the other; Redis down is 503, a log line and the
// store_errors metric; back up, it works without a new Provision.
func TestStoreRedisServeHTTP(t *testing.T) {
	const pw = "caddy-test-redis-pw"
	srv := redistest.Start(t, []string{"--requirepass", pw})
	t.Setenv("HK_TEST_REDIS_PW", pw)
	store := "redis://:{env.HK_TEST_REDIS_PW}@" + srv.Addr + "/0?timeout=300ms"
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	defer cancel()
	obs, logs := observer.New(zap.DebugLevel)
	var hs []*Handler
	for i := 0; i < 2; i++ {
		h := &Handler{Provider: "box", Secrets: []string{testSecret}, SignKeys: []string{testKey}, Store: store}
		if err := h.Provision(ctx); err != nil {
			t.Fatalf("Provision: %v", err)
		}
		h.logger = zap.New(obs)
		hs = append(hs, h)
	}
	resolved := hs[0].store.Client()
	if hs[1].store.Client() != resolved {
		t.Error("two routes naming one URL do not share a pool")
	}

	serve := func(h *Handler, id string) (int, int, error) {
		next := &nextHandler{}
		r, _ := withReplacer(boxRequest(testSecret, id, time.Now(), `{"type":"webhook_event","id":"`+id+`","trigger":"FILE.UPLOADED","source":{"id":"f1","type":"file"}}`))
		w := httptest.NewRecorder()
		err := h.ServeHTTP(w, r, next)
		status := w.Code
		var he caddyhttp.HandlerError
		if errors.As(err, &he) {
			status = he.StatusCode
		}
		return status, next.calls, err
	}
	if st, calls, err := serve(hs[0], "d1"); err != nil || st != http.StatusNoContent || calls != 1 {
		t.Fatalf("first delivery on route A: %d, %d calls, %v", st, calls, err)
	}
	if st, calls, err := serve(hs[1], "d1"); err != nil || st != http.StatusOK || calls != 0 {
		t.Errorf("same delivery on route B: %d, %d calls, %v; want acknowledged, not forwarded", st, calls, err)
	}

	reg := ctx.GetMetricsRegistry()
	srv.Stop()
	st, calls, err := serve(hs[0], "d2")
	if st != http.StatusServiceUnavailable || calls != 0 {
		t.Errorf("Redis down: %d, %d calls, %v; want 503 and nothing forwarded", st, calls, err)
	}
	if n := storeErrorCount(t, reg, "box"); n != 1 {
		t.Errorf("caddy_hookstile_store_errors_total = %v, want 1", n)
	}
	found := 0
	for _, e := range logs.All() {
		line := e.Message
		for k, v := range e.ContextMap() {
			line += " " + k + "=" + strings.TrimSpace(strings.ReplaceAll(toString(v), "\n", " "))
		}
		if strings.Contains(line, pw) {
			t.Errorf("a log line shows the Redis password: %s", line)
		}
		if strings.Contains(line, "store_unavailable") {
			found++
		}
	}
	if found != 1 {
		t.Errorf("%d log lines say store_unavailable, want 1", found)
	}

	srv.Restart(t)
	if st, calls, err := serve(hs[0], "d2"); err != nil || st != http.StatusNoContent || calls != 1 {
		t.Errorf("Redis back: %d, %d calls, %v", st, calls, err)
	}
	for _, h := range hs {
		h.Cleanup()
	}
	if _, err := resolved.Do("PING"); !errors.Is(err, resp.ErrConn) {
		t.Errorf("the shared client is still open after both routes' Cleanup: %v", err)
	}
}

func toString(v interface{}) string {
	if s, ok := v.(string); ok {
		return s
	}
	if e, ok := v.(error); ok {
		return e.Error()
	}
	return ""
}

func storeErrorCount(t *testing.T, reg *prometheus.Registry, provider string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "caddy_hookstile_store_errors_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetName() == "provider" && lp.GetValue() == provider {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}
