package traefiktest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The reliability tests of the plugin loaded through Traefik's own loader
// (startTraefik, harness_test.go), with the shared routes, secrets, corpus
// and counting upstream of package
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
			"signKeys": []any{SigningKey},
			"maxBody":  strconv.Itoa(MaxBody),
			"dedup":    DedupTTL,
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	return []pluginRoute{
		{GitHubPath, common("github", GitHubSecret, nil)},
		{SlackPath, common("slack", SlackSecret, map[string]any{"tolerance": strconv.Itoa(SlackToleranceS) + "s"})},
		{StripePath, common("stripe", StripeSecret, nil)},
		{DropboxPath, common("dropbox", DropboxSecret, nil)},
		{DropboxSignPath, common("dropbox_sign", DropboxSignKey, nil)},
		{StandardWebhooks, common("standard_webhooks", SWSecret, nil)},
	}
}

// gw is the plugin serving the reliability routes on 127.0.0.1.
type gw struct {
	tr   *traefik
	up   *Upstream
	base string
	addr string
}

func startGateway(t *testing.T) *gw {
	t.Helper()
	up, err := NewUpstream()
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
		ctor, err := tr.builder.Build(pluginKey, r.raw, "rel"+strconv.Itoa(i)+"@file")
		if err != nil {
			t.Fatalf("%s: Build: %v\n%s", r.path, err, tr.logs.String())
		}
		h, err := ctor(ctx, proxy)
		if err != nil {
			t.Fatalf("%s: New: %v\n%s", r.path, err, tr.logs.String())
		}
		mux.Handle(r.path, h)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewUnstartedServer(mux)
	front.Listener.Close()
	front.Listener = l
	front.Config.ReadTimeout = SlowReadTimeout
	front.Config.ReadHeaderTimeout = 5 * time.Second
	front.Start()
	t.Cleanup(front.Close)
	g := &gw{tr: tr, up: up, base: front.URL, addr: strings.TrimPrefix(front.URL, "http://")}
	t.Cleanup(func() {
		if what := Leak(tr.logs.String()); what != "" {
			t.Errorf("Traefik's log carries a %s", what)
		}
		if bad := up.Unverified(); len(bad) > 0 {
			t.Errorf("%d arrivals upstream did not verify", len(bad))
		}
	})
	return g
}

// TestTraefikHostileCorpus runs the hostile corpus through the plugin.
func TestTraefikHostileCorpus(t *testing.T) {
	g := startGateway(t)
	RunCorpus(t, g.base, g.addr, g.up, Corpus(time.Now()))
	if n := strings.Count(g.tr.logs.String(), "rejected"); n < 20 {
		t.Errorf("only %d rejections logged for the whole corpus", n)
	}
}

// TestTraefikUpstreamFailure: upstream down, slow or 5xx behind the plugin.
func TestTraefikUpstreamFailure(t *testing.T) {
	g := startGateway(t)
	RunUpstreamFailure(t, g.base, g.up)
}

// TestHostileHarnessInSync: hostile_harness_test.go is a copy of the root
// module's reliability harness; it must not drift.
func TestHostileHarnessInSync(t *testing.T) {
	copyText := string(readFile(t, "hostile_harness_test.go"))
	for _, src := range []string{"harness.go", "corpus.go", "failure.go", "concurrency.go"} {
		s := string(readFile(t, filepath.Join(repoRoot(t), "reliability", src)))
		i := strings.Index(s, "\n)\n")
		if i < 0 {
			t.Fatalf("%s: no import block", src)
		}
		tail := strings.ReplaceAll(s[i+3:], "core.DropboxSignAck", "coreDropboxSignAck")
		if !strings.Contains(copyText, tail) {
			t.Errorf("hostile_harness_test.go is out of date with reliability/%s: run python3 reliability/copy_harness.py", src)
		}
	}
}

// TestTraefikConcurrency: 1,100 concurrent deliveries through the plugin.
func TestTraefikConcurrency(t *testing.T) {
	g := startGateway(t)
	RunConcurrency(t, g.base, g.up)
}
