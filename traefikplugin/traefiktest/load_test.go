package traefiktest

// The Traefik load harness: one http.Server on loopback with two routes to
// the same real upstream through httputil.ReverseProxy, one through `next`
// alone and one through the hookstile plugin as Traefik's loader builds it
// (interpreted by Yaegi), driven alternately by bench/load. Without
// HOOKSTILE_LOAD=1 it is a smoke run (well under a second per route) that
// checks numbers come out, never their values. The full run (about 15 s):
//
//	HOOKSTILE_LOAD=1 go -C traefikplugin/traefiktest test -run TestLoadTraefik -count=1 -v .

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/hookstile/hookstile/bench/load"
)

func TestLoadTraefik(t *testing.T) {
	full := os.Getenv("HOOKSTILE_LOAD") == "1"
	conc, dur, rounds, flood := 16, 2*time.Second, 3, 3*time.Second
	if !full {
		dur, rounds, flood = 150*time.Millisecond, 1, 200*time.Millisecond
	}
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

	const dedupSize = 10000
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ctor, err := tr.builder.Build(pluginKey, map[string]any{
		"provider":  "github",
		"secrets":   []any{load.GitHubSecret},
		"signKeys":  []any{load.SigningKey},
		"maxBody":   "65536",
		"dedup":     "10m",
		"dedupSize": dedupSize,
	}, "bench@file")
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, tr.logs.String())
	}
	hook, err := ctor(ctx, proxy)
	if err != nil {
		t.Fatalf("New: %v\n%s", err, tr.logs.String())
	}
	// /big: the default max_body (1 MiB), for the idle-connection flood.
	bigCtor, err := tr.builder.Build(pluginKey, map[string]any{
		"provider": "github",
		"secrets":  []any{load.GitHubSecret},
		"signKeys": []any{load.SigningKey},
	}, "big@file")
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, tr.logs.String())
	}
	big, err := bigCtor(ctx, proxy)
	if err != nil {
		t.Fatalf("New: %v\n%s", err, tr.logs.String())
	}
	mux := http.NewServeMux()
	mux.Handle("/plain", proxy)
	mux.Handle("/hook", hook)
	mux.Handle("/big", big)
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
	for _, rt := range []string{"plain", "hook"} {
		resp, err := client.Do(d.Request(base + "/" + rt))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("/%s: status %d\n%s", rt, resp.StatusCode, tr.logs.String())
		}
	}
	pid := os.Getpid()
	res := map[string]*load.Result{"plain": {}, "hook": {}}
	peak := map[string]int64{}
	for _, rt := range []string{"plain", "hook"} {
		rt := rt
		load.Run(ctx, client, conc, dur/4, 200, func() *http.Request { return d.Request(base + "/" + rt) })
	}
	for i := 0; i < rounds; i++ {
		for _, rt := range []string{"plain", "hook"} {
			rt := rt
			runtime.GC()
			load.ResetPeak(pid)
			r := load.Run(ctx, client, conc, dur, 200, func() *http.Request { return d.Request(base + "/" + rt) })
			res[rt].Add(r)
			if _, p := load.Mem(pid); p > peak[rt] {
				peak[rt] = p
			}
		}
	}
	p, h := res["plain"], res["hook"]
	if p.Requests == 0 || h.Requests == 0 {
		t.Fatalf("no requests went through: plain %+v hook %+v\n%s", p, h, tr.logs.String())
	}
	out := fmt.Sprintf("Traefik loader (Yaegi), 1024 B bodies, %d connections, %d x %v per route, alternating; one process (harness + server + upstream)\n", conc, rounds, dur)
	out += fmt.Sprintf("%-10s %10s %8s %10s %10s %12s\n", "route", "req/s", "errors", "p50", "p99", "peak RSS")
	for _, rt := range []string{"plain", "hook"} {
		r := res[rt]
		name := map[string]string{"plain": "next", "hook": "hookstile"}[rt]
		out += fmt.Sprintf("%-10s %10.0f %8d %10s %10s %12s\n", name, r.RPS(), r.Errors, load.Micros(r.Quantile(0.5)), load.Micros(r.Quantile(0.99)), load.MiB(peak[rt]))
	}
	out += fmt.Sprintf("Traefik ratio hookstile/next: %.3f (goal >= 0.70); added p99: %d µs; added p50: %d µs\n",
		h.RPS()/p.RPS(), (h.Quantile(0.99) - p.Quantile(0.99)).Microseconds(), (h.Quantile(0.5) - p.Quantile(0.5)).Microseconds())

	// Memory: a unique-id flood past the dedup bound, then the first id
	// again (evicted: forwarded) and the newest again (a duplicate).
	runtime.GC()
	rssA, _ := load.Mem(pid)
	first := d.RequestID(base+"/hook", "flood-first")
	if resp, err := client.Do(first); err == nil {
		resp.Body.Close()
	}
	r := load.Run(ctx, client, conc, flood, 200, func() *http.Request { return d.Request(base + "/hook") })
	runtime.GC()
	rssB, _ := load.Mem(pid)
	hits := up.Hits.Load()
	if resp, err := client.Do(d.RequestID(base+"/hook", "flood-first")); err == nil {
		resp.Body.Close()
	}
	evicted := up.Hits.Load() > hits
	last := "flood-last"
	for i := 0; i < 2; i++ {
		if resp, err := client.Do(d.RequestID(base+"/hook", last)); err == nil {
			resp.Body.Close()
		}
		if i == 0 {
			hits = up.Hits.Load()
		}
	}
	dupForwarded := up.Hits.Load() > hits
	out += fmt.Sprintf("unique-id flood: %d deliveries (%d errors), RSS %s -> %s; first id again after them: %s; newest id twice: second %s\n",
		r.Requests, r.Errors, load.MiB(rssA), load.MiB(rssB),
		map[bool]string{true: "forwarded (evicted)", false: "still remembered"}[evicted],
		map[bool]string{true: "FORWARDED", false: "acknowledged as a duplicate"}[dupForwarded])
	// Idle connections declaring 1 MiB bodies, sending a few bytes of them.
	if full {
		runtime.GC()
		rssC, _ := load.Mem(pid)
		load.ResetPeak(pid)
		opened, closeAll := load.IdleFlood(l.Addr().String(), "/big", 1000, 1<<20)
		time.Sleep(2 * time.Second)
		rssD, peakD := load.Mem(pid)
		closeAll()
		out += fmt.Sprintf("idle flood: %d connections declaring 1 MiB bodies (maxBody 1 MiB), idle 2 s: RSS %s -> %s (peak %s, %.0f KiB per connection)\n",
			opened, load.MiB(rssC), load.MiB(rssD), load.MiB(peakD), float64(peakD-rssC)/float64(max(opened, 1)))
		fmt.Print(out) // visible without -v
	}
	if !full {
		t.Log("\n" + out)
	}
	if full && r.Requests > dedupSize && !evicted {
		t.Errorf("after %d unique ids the first was still remembered: the dedup bound %d does not hold", r.Requests, dedupSize)
	}
}
