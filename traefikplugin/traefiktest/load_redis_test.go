package traefiktest

// What store redis:// costs in the Traefik plugin: next alone, hookstile
// with its memory store, and hookstile on a real redis-server (two round
// trips per delivery: reserve, then delivered), alternating in one run.
// A smoke run without HOOKSTILE_LOAD=1; the full one (about 20 s):
//
//	HOOKSTILE_LOAD=1 go -C traefikplugin/traefiktest test -run TestLoadTraefikRedis -count=1 -v .

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/hookstile/hookstile/bench/load"
	"github.com/hookstile/hookstile/internal/redistest"
)

func TestLoadTraefikRedis(t *testing.T) {
	full := os.Getenv("HOOKSTILE_LOAD") == "1"
	conc, dur, rounds := 16, 2*time.Second, 3
	if !full {
		dur, rounds = 150*time.Millisecond, 1
	}
	redis := redistest.Start(t, []string{"--appendonly", "yes", "--appendfsync", "everysec"})
	tr := startTraefik(t, repoRoot(t))

	ul, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	up := &load.Upstream{}
	usrv := &http.Server{Handler: up}
	go usrv.Serve(ul)
	t.Cleanup(func() { usrv.Close() })
	target, _ := url.Parse("http://" + ul.Addr().String())
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	mux := http.NewServeMux()
	mux.Handle("/plain", proxy)
	for _, rt := range []struct{ path, store string }{{"/memory", "memory"}, {"/redis", redis.URL() + "/0"}} {
		ctor, err := tr.builder.Build(pluginKey, map[string]any{
			"provider": "github",
			"secrets":  []any{load.GitHubSecret},
			"signKeys": []any{load.SigningKey},
			"maxBody":  "65536",
			"store":    rt.store,
		}, "bench"+rt.path[1:]+"@file")
		if err != nil {
			t.Fatalf("Build: %v\n%s", err, tr.logs.String())
		}
		h, err := ctor(ctx, proxy)
		if err != nil {
			t.Fatalf("New: %v\n%s", err, tr.logs.String())
		}
		mux.Handle(rt.path, h)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	base := "http://" + l.Addr().String()

	client := load.Client(conc)
	d := load.NewDelivery(load.Body(1024))
	routes := []string{"plain", "memory", "redis"}
	for _, rt := range routes {
		resp, err := client.Do(d.Request(base + "/" + rt))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("/%s: status %d\n%s", rt, resp.StatusCode, tr.logs.String())
		}
	}
	res := map[string]*load.Result{}
	for _, rt := range routes {
		rt := rt
		res[rt] = &load.Result{}
		load.Run(ctx, client, conc, dur/4, 200, func() *http.Request { return d.Request(base + "/" + rt) })
	}
	for i := 0; i < rounds; i++ {
		for _, rt := range routes {
			rt := rt
			res[rt].Add(load.Run(ctx, client, conc, dur, 200, func() *http.Request { return d.Request(base + "/" + rt) }))
		}
	}
	out := fmt.Sprintf("Traefik loader (Yaegi), store memory vs redis (redis-server on loopback, AOF everysec), 1024 B bodies, %d connections, %d x %v per route, alternating\n", conc, rounds, dur)
	out += fmt.Sprintf("%-16s %10s %8s %10s %10s\n", "route", "req/s", "errors", "p50", "p99")
	names := map[string]string{"plain": "next", "memory": "hookstile memory", "redis": "hookstile redis"}
	for _, rt := range routes {
		r := res[rt]
		if r.Requests == 0 {
			t.Fatalf("no requests went through /%s\n%s", rt, tr.logs.String())
		}
		out += fmt.Sprintf("%-16s %10.0f %8d %10s %10s\n", names[rt], r.RPS(), r.Errors, load.Micros(r.Quantile(0.5)), load.Micros(r.Quantile(0.99)))
	}
	m, r := res["memory"], res["redis"]
	out += fmt.Sprintf("Traefik ratio redis/memory: %.3f; added p50: %d µs; added p99: %d µs\n",
		r.RPS()/m.RPS(), (r.Quantile(0.5) - m.Quantile(0.5)).Microseconds(), (r.Quantile(0.99) - m.Quantile(0.99)).Microseconds())
	if full {
		fmt.Print(out)
	} else {
		t.Log("\n" + out)
	}
}
