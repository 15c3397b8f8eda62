package reliability

import (
	"fmt"
	"strings"
	"testing"
)

func allowRoutes(upstream string) string {
	route := func(path, allow string) string {
		return fmt.Sprintf("\troute %s {\n\t\thookstile github {\n\t\t\tsecret %s\n\t\t\tsign_key %s\n\t\t\tallow_ips %s\n\t\t}\n\t\treverse_proxy %s\n\t}\n",
			path, GitHubSecret, SigningKey, allow, upstream)
	}
	return route(AllowDocPath, AllowDocNet) + route(AllowLocalPath, "127.0.0.1 ::1")
}

// TestCaddyAllowIPs: allow_ips refuses every other source with 403 before
// the body is read, and the client address is Caddy's client IP: the peer,
// or, behind trusted_proxies (strict), the first untrusted address from the
// right of X-Forwarded-For. An X-Forwarded-For from an untrusted peer, or an
// address a client prepends, changes nothing.
func TestCaddyAllowIPs(t *testing.T) {
	up := newUpstream(t)
	t.Run("no trusted proxies", func(t *testing.T) {
		g := startCaddy(t, func(port int, logPath string) string {
			return caddyfile(port, logPath, allowRoutes(up.Addr))
		})
		RunAllowIPs(t, g.base, g.addr, up, []AllowCase{
			{"peer outside the list", AllowDocPath, "", false},
			{"peer outside, X-Forwarded-For inside (untrusted peer)", AllowDocPath, "192.0.2.9", false},
			{"peer inside", AllowLocalPath, "", true},
			{"peer inside, X-Forwarded-For outside (ignored)", AllowLocalPath, "203.0.113.5", true},
		})
		checkAllowLog(t, g.logs(t))
	})
	t.Run("trusted_proxies strict", func(t *testing.T) {
		g := startCaddy(t, func(port int, logPath string) string {
			cf := caddyfile(port, logPath, allowRoutes(up.Addr))
			return strings.Replace(cf, "\tservers {\n", "\tservers {\n\t\ttrusted_proxies static 127.0.0.1/32\n\t\ttrusted_proxies_strict\n", 1)
		})
		RunAllowIPs(t, g.base, g.addr, up, []AllowCase{
			{"proxy forwards a client inside", AllowDocPath, "192.0.2.9", true},
			{"proxy forwards a client outside", AllowDocPath, "203.0.113.5", false},
			{"client prepends an address inside", AllowDocPath, "192.0.2.9, 203.0.113.5", false},
			{"proxy's own request", AllowDocPath, "", false},
			{"loopback route, client outside", AllowLocalPath, "203.0.113.5", false},
		})
		checkAllowLog(t, g.logs(t))
	})
}

// TestCaddyAllowIPsNonStrictProxies: behind trusted_proxies without
// trusted_proxies_strict Caddy's client IP is the leftmost X-Forwarded-For
// address, which the client writes: allow_ips then refuses every request
// that carries one (an address the client prepends would otherwise pass),
// and says why once.
func TestCaddyAllowIPsNonStrictProxies(t *testing.T) {
	up := newUpstream(t)
	g := startCaddy(t, func(port int, logPath string) string {
		cf := caddyfile(port, logPath, allowRoutes(up.Addr))
		return strings.Replace(cf, "\tservers {\n", "\tservers {\n\t\ttrusted_proxies static 127.0.0.1/32\n", 1)
	})
	RunAllowIPs(t, g.base, g.addr, up, []AllowCase{
		{"client prepends an address inside", AllowDocPath, "192.0.2.9, 203.0.113.5", false},
		{"proxy forwards a client inside", AllowDocPath, "192.0.2.9", false},
		{"loopback route, no X-Forwarded-For", AllowLocalPath, "", true},
	})
	logs := g.logs(t)
	if n := strings.Count(logs, "set trusted_proxies_strict"); n != 1 {
		t.Errorf("%d lines explain the refusal, want 1", n)
	}
	checkAllowLog(t, logs)
}

// checkAllowLog: each refusal is one hookstile log line naming the reason
// and the client address.
func checkAllowLog(t *testing.T, logs string) {
	t.Helper()
	n := 0
	for _, m := range hookstileLogLines(t, logs) {
		if m["reason"] == "ip_not_allowed" {
			n++
			if m["status"] != float64(403) || m["client_ip"] == "" {
				t.Errorf("refusal log line: %v", m)
			}
		}
	}
	if n == 0 {
		t.Error("no ip_not_allowed line in Caddy's log")
	}
	if what := Leak(logs); what != "" {
		t.Errorf("Caddy's log carries a %s", what)
	}
}
