package caddymodule

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap/zapcore"
)

// TestLogLinesAndHistograms: every request gets one log line with the same
// fields (debug for forwarded and duplicate, warn for rejected and upstream
// failures), and the verification and upstream histograms count them.
func TestLogLinesAndHistograms(t *testing.T) {
	h := &Handler{Provider: "box", Secrets: []string{testSecret}, SignKeys: []string{testKey}, Source: "/acme/box"}
	ctx, logs := provision(t, h)
	next := &nextHandler{fn: func(w http.ResponseWriter, r *http.Request) error {
		time.Sleep(2 * time.Millisecond)
		w.WriteHeader(http.StatusNoContent)
		return nil
	}}
	body := `{"trigger":"FILE.UPLOADED","source":{"id":"42","type":"file"}}`
	serve := func(r *http.Request) error {
		r, _ = withReplacer(r)
		return h.ServeHTTP(httptest.NewRecorder(), r, next)
	}
	serve(boxRequest(testSecret, "log-1", time.Now(), body))
	serve(boxRequest(testSecret, "log-1", time.Now(), body))
	serve(boxRequest("forged", "log-2", time.Now(), body))
	next.fn = func(w http.ResponseWriter, r *http.Request) error {
		return caddyhttp.Error(http.StatusBadGateway, errors.New("dial tcp: connection refused"))
	}
	serve(boxRequest(testSecret, "log-3", time.Now(), `{"trigger":"FILE.UPLOADED","source":{"id":"43","type":"file"}}`)) // a delivery of its own

	want := []struct {
		msg     string
		level   zapcore.Level
		id      string
		outcome string
		reason  string
		status  int64
	}{
		{"webhook forwarded", zapcore.DebugLevel, "log-1", "forwarded", "", 204},
		{"webhook duplicate", zapcore.DebugLevel, "log-1", "duplicate", "", 200},
		{"webhook rejected", zapcore.WarnLevel, "", "rejected", "signature_mismatch", 401},
		{"webhook upstream_failed", zapcore.WarnLevel, "log-3", "upstream_failed", "upstream_error", 502},
	}
	entries := logs.All()
	if len(entries) != len(want) {
		for _, e := range entries {
			t.Logf("%s %v", e.Message, e.ContextMap())
		}
		t.Fatalf("%d log lines, want %d (one per request)", len(entries), len(want))
	}
	for i, w := range want {
		e := entries[i]
		f := e.ContextMap()
		if e.Message != w.msg || e.Level != w.level {
			t.Errorf("line %d: %s %q, want %s %q", i, e.Level, e.Message, w.level, w.msg)
		}
		for _, k := range []string{"provider", "source", "event_id", "event_type", "outcome", "reason", "status", "duration", "verify_duration", "upstream_duration"} {
			if _, ok := f[k]; !ok {
				t.Errorf("line %d (%s): no field %q", i, e.Message, k)
			}
		}
		if f["provider"] != "box" || f["source"] != "/acme/box" || f["event_id"] != w.id || f["outcome"] != w.outcome || f["reason"] != w.reason || f["status"] != w.status {
			t.Errorf("line %d: fields %v", i, f)
		}
		if w.id != "" && f["event_type"] != "FILE.UPLOADED" {
			t.Errorf("line %d: event_type %v", i, f["event_type"])
		}
		if w.outcome == "forwarded" {
			if d, _ := f["upstream_duration"].(time.Duration); d < 2*time.Millisecond {
				t.Errorf("upstream_duration %v, the upstream took 2ms", f["upstream_duration"])
			}
		}
	}

	reg := ctx.GetMetricsRegistry()
	for _, c := range []struct {
		name, outcome string
		want          uint64
	}{
		{"caddy_hookstile_verify_duration_seconds", "forwarded", 1},
		{"caddy_hookstile_verify_duration_seconds", "duplicate", 1},
		{"caddy_hookstile_verify_duration_seconds", "rejected", 1},
		{"caddy_hookstile_verify_duration_seconds", "upstream_failed", 1},
		{"caddy_hookstile_upstream_duration_seconds", "forwarded", 1},
		{"caddy_hookstile_upstream_duration_seconds", "upstream_failed", 1},
		{"caddy_hookstile_upstream_duration_seconds", "duplicate", 0},
		{"caddy_hookstile_upstream_duration_seconds", "rejected", 0},
	} {
		n, sum := histogram(t, reg, c.name, "box", c.outcome)
		if n != c.want {
			t.Errorf("%s{outcome=%q}: %d observations, want %d", c.name, c.outcome, n, c.want)
		}
		if c.name == "caddy_hookstile_upstream_duration_seconds" && c.outcome == "forwarded" && sum < 0.002 {
			t.Errorf("upstream time %v s, the upstream took 2ms", sum)
		}
	}
}

func histogram(t *testing.T, reg *prometheus.Registry, name, provider, outcome string) (uint64, float64) {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			l := map[string]string{}
			for _, lp := range m.GetLabel() {
				l[lp.GetName()] = lp.GetValue()
			}
			if l["provider"] == provider && l["outcome"] == outcome {
				return m.GetHistogram().GetSampleCount(), m.GetHistogram().GetSampleSum()
			}
		}
	}
	return 0, 0
}
