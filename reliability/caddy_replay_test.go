package reliability

import (
	"testing"
	"time"
)

// TestCaddyReplays: copies of a captured delivery that change only what its
// signature does not cover are duplicates through a real Caddy; stale
// captures are refused (issue #11).
func TestCaddyReplays(t *testing.T) {
	up := newUpstream(t)
	g := startCaddy(t, func(port int, logPath string) string {
		return caddyfile(port, logPath, routes(up.Addr, ""))
	})
	replays, refused := Replays(time.Now())
	RunReplays(t, g.base, up, replays, refused)
	if bad := up.Unverified(); len(bad) > 0 {
		t.Errorf("%d arrivals did not verify", len(bad))
	}
}
