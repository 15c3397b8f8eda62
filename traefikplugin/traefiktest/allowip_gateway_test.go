package traefiktest

import (
	"context"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hookstile/hookstile/reliability"
)

// allowGateway serves the allow_ips routes through the plugin loaded by
// Traefik's loader, each with extra configuration.
func allowGateway(t *testing.T, tr *traefik, up *reliability.Upstream, extra map[string]any) (base, addr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	target, _ := url.Parse("http://" + up.Addr)
	proxy := httputil.NewSingleHostReverseProxy(target)
	mux := http.NewServeMux()
	for i, r := range []struct {
		path  string
		allow []any
	}{
		{reliability.AllowDocPath, []any{reliability.AllowDocNet}},
		{reliability.AllowLocalPath, []any{"127.0.0.1", "::1"}},
	} {
		raw := map[string]any{
			"provider": "github",
			"secrets":  []any{reliability.GitHubSecret},
			"signKeys": []any{reliability.SigningKey},
			"allowIPs": r.allow,
		}
		for k, v := range extra {
			raw[k] = v
		}
		mux.Handle(r.path, tr.plugin(t, ctx, raw, "allow"+strconv.Itoa(i)+"@file", proxy))
	}
	return serveFront(t, mux)
}

// TestTraefikAllowIPs: allowIPs refuses every other source with 403 before
// the body is read. The client address is the peer's; with trustedProxies
// and trustedProxyDepth, from a trusted peer only, the depth-th
// X-Forwarded-For address from the right.
func TestTraefikAllowIPs(t *testing.T) {
	up, err := reliability.NewUpstream()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(up.Close)
	tr := startTraefik(t, repoRoot(t))
	t.Run("peer address", func(t *testing.T) {
		base, addr := allowGateway(t, tr, up, nil)
		reliability.RunAllowIPs(t, base, addr, up, []reliability.AllowCase{
			ac("peer outside the list", reliability.AllowDocPath, "", false),
			ac("peer outside, X-Forwarded-For inside (no trusted proxies)", reliability.AllowDocPath, "192.0.2.9", false),
			ac("peer inside", reliability.AllowLocalPath, "", true),
			ac("peer inside, X-Forwarded-For outside (ignored)", reliability.AllowLocalPath, "203.0.113.5", true),
		})
	})
	t.Run("trusted proxy depth 1", func(t *testing.T) {
		base, addr := allowGateway(t, tr, up, map[string]any{"trustedProxies": []any{"127.0.0.1/32"}, "trustedProxyDepth": "1"})
		reliability.RunAllowIPs(t, base, addr, up, []reliability.AllowCase{
			ac("proxy forwards a client inside", reliability.AllowDocPath, "192.0.2.9", true),
			ac("proxy forwards a client outside", reliability.AllowDocPath, "203.0.113.5", false),
			ac("client prepends an address inside", reliability.AllowDocPath, "192.0.2.9, 203.0.113.5", false),
			ac("proxy's own request (no X-Forwarded-For)", reliability.AllowDocPath, "", false),
			ac("loopback route, client outside", reliability.AllowLocalPath, "203.0.113.5", false),
		})
	})
	t.Run("trusted proxy depth 2", func(t *testing.T) {
		base, addr := allowGateway(t, tr, up, map[string]any{"trustedProxies": []any{"127.0.0.1"}, "trustedProxyDepth": 2})
		reliability.RunAllowIPs(t, base, addr, up, []reliability.AllowCase{
			ac("CDN then proxy, client inside", reliability.AllowDocPath, "192.0.2.9, 198.51.100.1", true),
			ac("two headers, client inside", reliability.AllowDocPath, "203.0.113.1, 192.0.2.9, 198.51.100.1", true),
			ac("only one hop", reliability.AllowDocPath, "192.0.2.9", false),
		})
	})
	t.Run("untrusted peer", func(t *testing.T) {
		base, addr := allowGateway(t, tr, up, map[string]any{"trustedProxies": []any{"10.0.0.0/8"}, "trustedProxyDepth": 1})
		reliability.RunAllowIPs(t, base, addr, up, []reliability.AllowCase{
			ac("X-Forwarded-For from a peer that is not a trusted proxy", reliability.AllowDocPath, "192.0.2.9", false),
		})
	})
	logs := tr.logs.String()
	if n := strings.Count(logs, "ip_not_allowed"); n < 10 {
		t.Errorf("%d ip_not_allowed lines in Traefik's log, want one per refusal", n)
	}
	if what := reliability.Leak(logs); what != "" {
		t.Errorf("Traefik's log carries a %s", what)
	}
	if bad := up.Unverified(); len(bad) > 0 {
		t.Errorf("%d arrivals did not verify", len(bad))
	}
}

// TestTraefikAllowIPsConfigErrors: a bad address or an incomplete proxy
// setting fails New with the field named.
func TestTraefikAllowIPsConfigErrors(t *testing.T) {
	tr := startTraefik(t, repoRoot(t))
	next := http.NotFoundHandler()
	for _, c := range []struct {
		extra map[string]any
		want  string
	}{
		{map[string]any{"allowIPs": []any{"10.0.0.300/8"}}, "10.0.0.300/8"},
		{map[string]any{"allowIPs": []any{"192.0.2.0/24", "example.com"}}, "example.com"},
		{map[string]any{"allowIPs": []any{"192.0.2.0/24"}, "trustedProxyDepth": 1}, "trustedProxyDepth"},
		{map[string]any{"allowIPs": []any{"192.0.2.0/24"}, "trustedProxies": []any{"127.0.0.1"}}, "trustedProxyDepth"},
		{map[string]any{"allowIPs": []any{"192.0.2.0/24"}, "trustedProxies": []any{"10.0.0.0/33"}, "trustedProxyDepth": 1}, "trustedProxies"},
		{map[string]any{"trustedProxies": []any{"127.0.0.1"}, "trustedProxyDepth": 1}, "allowIPs"},
		{map[string]any{"allowIPs": []any{"192.0.2.0/24"}, "trustedProxies": []any{"127.0.0.1"}, "trustedProxyDepth": -1}, "trustedProxyDepth"},
	} {
		raw := map[string]any{"provider": "github", "secrets": []any{"s"}}
		for k, v := range c.extra {
			raw[k] = v
		}
		ctor, err := tr.builder.Build(pluginKey, raw, "bad@file")
		if err == nil {
			_, err = ctor(context.Background(), next)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error naming %s", c.extra, err, c.want)
		}
	}
}

func ac(name, path, xff string, allowed bool) reliability.AllowCase {
	return reliability.AllowCase{Name: name, Path: path, XFF: xff, Allowed: allowed}
}
