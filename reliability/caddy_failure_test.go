package reliability

import (
	"testing"
)

// TestCaddyUpstreamFailure: when the upstream is down, too slow or answers
// 5xx, the provider gets a status that makes it retry, never a success; the
// retry of the same delivery goes through once the upstream is back, exactly
// once, and a later duplicate is acknowledged without being forwarded.
func TestCaddyUpstreamFailure(t *testing.T) {
	up := newUpstream(t)
	g := startCaddy(t, func(port int, logPath string) string {
		return caddyfile(port, logPath, routes(up.Addr, ""))
	})
	RunUpstreamFailure(t, g.base, up)
	if what := Leak(g.logs(t)); what != "" {
		t.Errorf("Caddy's log carries a %s", what)
	}
}

// TestCaddyConcurrency: 1,100 concurrent deliveries through a real Caddy.
func TestCaddyConcurrency(t *testing.T) {
	up := newUpstream(t)
	g := startCaddy(t, func(port int, logPath string) string {
		return caddyfile(port, logPath, routes(up.Addr, ""))
	})
	RunConcurrency(t, g.base, up)
	if what := Leak(g.logs(t)); what != "" {
		t.Errorf("Caddy's log carries a %s", what)
	}
}
