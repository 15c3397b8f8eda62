package traefiktest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookstile/hookstile/reliability"
)

// The reliability tests of the plugin loaded through Traefik's own loader
// (startTraefik, harness_test.go), with the shared routes, secrets, corpus
// and counting upstream of package reliability (the same scenarios the Caddy
// tests run).
//
// The front server stands in for a Traefik entry point: its ReadTimeout is
// what respondingTimeouts.readTimeout sets (Traefik's default is 60s; here
// SlowReadTimeout), and the service's ResponseHeaderTimeout is
// what a serversTransport's forwardingTimeouts.responseHeaderTimeout sets.

// pluginRoute is one middleware's raw dynamic configuration.
type pluginRoute struct {
	path string
	raw  map[string]any
}

func reliabilityRoutes() []pluginRoute {
	common := func(provider, secret string, extra map[string]any) map[string]any {
		m := map[string]any{
			"provider": provider,
			"secrets":  []any{secret},
			"signKeys": []any{reliability.SigningKey},
			"maxBody":  strconv.Itoa(reliability.MaxBody),
			"dedup":    reliability.DedupTTL,
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	return []pluginRoute{
		{reliability.GitHubPath, common("github", reliability.GitHubSecret, nil)},
		{reliability.SlackPath, common("slack", reliability.SlackSecret, map[string]any{"tolerance": strconv.Itoa(reliability.SlackToleranceS) + "s"})},
		{reliability.StripePath, common("stripe", reliability.StripeSecret, nil)},
		{reliability.DropboxPath, common("dropbox", reliability.DropboxSecret, nil)},
		{reliability.DropboxSignPath, common("dropbox_sign", reliability.DropboxSignKey, nil)},
		{reliability.StandardWebhooks, common("standard_webhooks", reliability.SWSecret, nil)},
		{reliability.BoxPath, common("box", reliability.BoxSecret, nil)},
		{reliability.MailgunPath, common("mailgun", reliability.MailgunKey, nil)},
		{reliability.PlivoPath, common("plivo", reliability.PlivoToken, map[string]any{"options": map[string]any{"public_url": reliability.PlivoPublicURL}})},
	}
}

// gw is the plugin serving the reliability routes on 127.0.0.1.
type gw struct {
	tr   *traefik
	up   *reliability.Upstream
	base string
	addr string
}

func startGateway(t *testing.T) *gw {
	t.Helper()
	up, err := reliability.NewUpstream()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(up.Close)
	tr := startTraefik(t, repoRoot(t))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	target, _ := url.Parse("http://" + up.Addr)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = &http.Transport{ResponseHeaderTimeout: 2 * time.Second, MaxIdleConnsPerHost: 64}
	mux := http.NewServeMux()
	for i, r := range reliabilityRoutes() {
		mux.Handle(r.path, tr.plugin(t, ctx, r.raw, "rel"+strconv.Itoa(i)+"@file", proxy))
	}
	base, addr := serveFront(t, mux)
	g := &gw{tr: tr, up: up, base: base, addr: addr}
	t.Cleanup(func() {
		if what := reliability.Leak(tr.logs.String()); what != "" {
			t.Errorf("Traefik's log carries a %s", what)
		}
		if bad := up.Unverified(); len(bad) > 0 {
			t.Errorf("%d arrivals upstream did not verify", len(bad))
		}
	})
	return g
}

// plugin builds one hookstile middleware from its raw configuration through
// Traefik's loader, in front of next; any failure fails the test.
func (tr *traefik) plugin(t *testing.T, ctx context.Context, raw map[string]any, name string, next http.Handler) http.Handler {
	t.Helper()
	ctor, err := tr.builder.Build(pluginKey, raw, name)
	if err != nil {
		t.Fatalf("%s: Build: %v\n%s", name, err, tr.logs.String())
	}
	h, err := ctor(ctx, next)
	if err != nil {
		t.Fatalf("%s: New: %v\n%s", name, err, tr.logs.String())
	}
	return h
}

// serveFront serves h on 127.0.0.1 as a Traefik entry point would, with
// reliability's read timeout, until the test ends.
func serveFront(t *testing.T, h http.Handler) (base, addr string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewUnstartedServer(h)
	front.Listener.Close()
	front.Listener = l
	front.Config.ReadTimeout = reliability.SlowReadTimeout
	front.Config.ReadHeaderTimeout = 5 * time.Second
	front.Start()
	t.Cleanup(front.Close)
	return front.URL, strings.TrimPrefix(front.URL, "http://")
}

// TestTraefikHostileCorpus runs the hostile corpus through the plugin.
func TestTraefikHostileCorpus(t *testing.T) {
	g := startGateway(t)
	reliability.RunCorpus(t, g.base, g.addr, g.up, reliability.Corpus(time.Now()))
	if n := strings.Count(g.tr.logs.String(), "rejected"); n < 20 {
		t.Errorf("only %d rejections logged for the whole corpus", n)
	}
}

// TestTraefikUpstreamFailure: upstream down, slow or 5xx behind the plugin.
func TestTraefikUpstreamFailure(t *testing.T) {
	g := startGateway(t)
	reliability.RunUpstreamFailure(t, g.base, g.up)
}

// TestTraefikConcurrency: 1,100 concurrent deliveries through the plugin.
func TestTraefikConcurrency(t *testing.T) {
	g := startGateway(t)
	reliability.RunConcurrency(t, g.base, g.up)
}

// TestTraefikReplays: copies of a captured delivery that change only what its
// signature does not cover are duplicates through the plugin; stale captures
// are refused (issue #11).
func TestTraefikReplays(t *testing.T) {
	g := startGateway(t)
	replays, refused := reliability.Replays(time.Now())
	reliability.RunReplays(t, g.base, g.up, replays, refused)
}

// TestTraefikLogsCarryNoMAC: with the upstream down, answering 503 and up,
// Traefik's log (the plugin's lines included) carries none of the MACs the
// providers sent and none of the re-signatures the upstream got.
func TestTraefikLogsCarryNoMAC(t *testing.T) {
	g := startGateway(t)
	macs := reliability.RunLogScenario(t, g.base, g.up)
	if what := reliability.Leak(g.tr.logs.String(), macs...); what != "" {
		t.Errorf("Traefik's log carries a %s", what)
	}
}
