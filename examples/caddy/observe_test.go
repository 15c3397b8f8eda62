package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDemoObservability runs Caddyfile.example (admin off) and reads what
// the README tells an operator to read: the log line per delivery and the
// metrics on the demo's metrics site.
func TestDemoObservability(t *testing.T) {
	env := exampleEnv(t, "")
	c := startCaddy(t, exampleCaddyfile, env)
	checkObservability(t, c, env["METRICS_PORT"])
}

// checkObservability sends a forwarded, a duplicate and a forged Box
// delivery and a Dropbox challenge to a running Caddyfile.example, then
// checks the log lines and scrapes the metrics.
func checkObservability(t *testing.T, c *caddyProc, metricsPort string) {
	t.Helper()
	now := time.Now()
	if resp, _ := send(t, c.base, boxDelivery(demoBoxPrimary, "obs-1", now, boxBody("o1"))); resp.StatusCode != 204 {
		t.Fatalf("box: %d\n%s", resp.StatusCode, c.stderr.String())
	}
	if resp, _ := send(t, c.base, boxDelivery(demoBoxPrimary, "obs-1", now, boxBody("o1"))); resp.StatusCode != 200 {
		t.Errorf("box duplicate: %d", resp.StatusCode)
	}
	if resp, _ := send(t, c.base, boxDelivery("forged", "obs-2", now, boxBody("o2"))); resp.StatusCode != 401 {
		t.Errorf("box forged: %d", resp.StatusCode)
	}
	if resp, _ := send(t, c.base, delivery{method: http.MethodGet, path: "/hooks/dropbox?challenge=obs"}); resp.StatusCode != 200 {
		t.Errorf("dropbox challenge: %d", resp.StatusCode)
	}

	// The log: one JSON line per request from http.handlers.hookstile.
	want := map[string]string{"obs-1/forwarded": "debug", "obs-1/duplicate": "debug", "/rejected": "warn", "/handshake": "debug"}
	deadline := time.Now().Add(5 * time.Second)
	var lines []map[string]any
	for {
		lines = hookstileLines(c.stderr.String())
		if len(lines) >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(lines) != len(want) {
		t.Fatalf("%d hookstile log lines, want %d (one per request):\n%s", len(lines), len(want), c.stderr.String())
	}
	for _, l := range lines {
		for _, k := range []string{"provider", "source", "event_id", "event_type", "outcome", "reason", "status", "duration", "verify_duration", "upstream_duration"} {
			if _, ok := l[k]; !ok {
				t.Errorf("log line %v has no %q", l, k)
			}
		}
		key := l["event_id"].(string) + "/" + l["outcome"].(string)
		level, ok := want[key]
		if !ok || l["level"] != level || l["msg"] != "webhook "+l["outcome"].(string) {
			t.Errorf("unexpected log line %v", l)
			continue
		}
		delete(want, key)
		switch l["outcome"] {
		case "rejected":
			if l["provider"] != "box" || l["source"] != "/hookstile/box" || l["reason"] != "signature_mismatch" || l["status"] != 401.0 {
				t.Errorf("rejection line %v", l)
			}
		case "forwarded":
			if l["provider"] != "box" || l["event_type"] != "FILE.UPLOADED" || l["status"] != 204.0 {
				t.Errorf("forwarded line %v", l)
			}
		}
	}

	// The metrics, from the demo's metrics site.
	resp, err := client.Get("http://127.0.0.1:" + metricsPort + "/metrics")
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("scrape: %d %s", resp.StatusCode, body)
	}
	text := string(body)
	for _, m := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"caddy_hookstile_requests_total", map[string]string{"provider": "box", "outcome": "verified", "reason": ""}, 1},
		{"caddy_hookstile_requests_total", map[string]string{"provider": "box", "outcome": "duplicate", "reason": ""}, 1},
		{"caddy_hookstile_requests_total", map[string]string{"provider": "box", "outcome": "rejected", "reason": "signature_mismatch"}, 1},
		{"caddy_hookstile_requests_total", map[string]string{"provider": "dropbox", "outcome": "handshake", "reason": ""}, 1},
		{"caddy_hookstile_verify_duration_seconds_count", map[string]string{"provider": "box", "outcome": "forwarded"}, 1},
		{"caddy_hookstile_verify_duration_seconds_count", map[string]string{"provider": "box", "outcome": "rejected"}, 1},
		{"caddy_hookstile_upstream_duration_seconds_count", map[string]string{"provider": "box", "outcome": "forwarded"}, 1},
	} {
		got, ok := sample(text, m.name, m.labels)
		if !ok || got != m.want {
			t.Errorf("%s%v = %v (found %v), want %v", m.name, m.labels, got, ok, m.want)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", grepLines(text, "hookstile"))
	}
}

// hookstileLines returns the JSON log lines of the hookstile handler.
func hookstileLines(stderr string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(stderr, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["logger"] == "http.handlers.hookstile" {
			out = append(out, m)
		}
	}
	return out
}

var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$`)
var labelPair = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)

// sample finds the value of the series name{labels} (exactly those labels)
// in a Prometheus text exposition.
func sample(text, name string, labels map[string]string) (float64, bool) {
	for _, line := range strings.Split(text, "\n") {
		m := sampleLine.FindStringSubmatch(line)
		if m == nil || m[1] != name {
			continue
		}
		got := map[string]string{}
		for _, p := range labelPair.FindAllStringSubmatch(m[2], -1) {
			got[p[1]] = p[2]
		}
		if len(got) != len(labels) {
			continue
		}
		match := true
		for k, v := range labels {
			if got[k] != v {
				match = false
			}
		}
		if match {
			v, err := strconv.ParseFloat(m[3], 64)
			return v, err == nil
		}
	}
	return 0, false
}

func grepLines(text, sub string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestDemoEmptyVariable: a demo secret variable set but empty is named in
// the error of the built Caddy (Caddy expands {$X:default} to "" then).
func TestDemoEmptyVariable(t *testing.T) {
	bin := caddyBinary(t)
	cmd := exec.Command(bin, "validate", "--config", exampleCaddyfile)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "DROPBOX_APP_SECRET=")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "({$DROPBOX_APP_SECRET} is empty)") {
		t.Errorf("validate with DROPBOX_APP_SECRET empty: err %v\n%s", err, out)
	}
	if strings.Contains(string(out), demoDropbox) {
		t.Errorf("the error shows the default secret:\n%s", out)
	}
}
