// Command caddyload compares a plain reverse_proxy route with a hookstile +
// reverse_proxy route in one Caddy (the examples/caddy binary), on loopback,
// driven alternately by the Go load generator in bench/load, then floods the
// hookstile route with unique delivery ids and oversize bodies and shows
// memory stays bounded. Bounded in time (about 30 s once the binary is
// built; a cold build of Caddy takes about 2 minutes).
//
//	go run ./bench/caddyload
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hookstile/hookstile/bench/load"
)

func main() {
	conc := flag.Int("c", 16, "concurrent connections per route")
	dur := flag.Duration("d", 2*time.Second, "duration of one round of one route")
	rounds := flag.Int("rounds", 3, "rounds per route, alternating")
	size := flag.Int("size", 1024, "body size in bytes")
	flood := flag.Duration("flood", 3*time.Second, "duration of each memory flood (0: skip)")
	dedupSize := flag.Int("dedup-size", 10000, "hookstile dedup_size on the route")
	bin := flag.String("bin", "", "a built examples/caddy binary (default: build one)")
	flag.StringVar(&storeURL, "store", "", "a redis:// URL: also run a hookstile route with store on it (what the Redis round trips cost)")
	flag.BoolVar(&queueOn, "queue", true, "also measure a route in queue mode: acceptance with the application down, drain, accepted-to-delivered latency")
	flag.StringVar(&profileOut, "cpuprofile", "", "write a CPU profile of Caddy during the first hookstile round (enables the admin API on loopback)")
	flag.Parse()
	if err := run(*conc, *dur, *rounds, *size, *flood, *dedupSize, *bin); err != nil {
		log.Fatal(err)
	}
}

var (
	profileOut, storeURL string
	queueOn              bool
)

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func run(conc int, dur time.Duration, rounds, size int, flood time.Duration, dedupSize int, bin string) error {
	dir, err := os.MkdirTemp("", "hookstile-caddyload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		bin = filepath.Join(dir, "caddy")
		t0 := time.Now()
		out, err := exec.Command("go", "build", "-o", bin, "github.com/hookstile/hookstile/examples/caddy").CombinedOutput()
		if err != nil {
			return fmt.Errorf("go build examples/caddy: %v\n%s", err, out)
		}
		fmt.Printf("built examples/caddy in %v\n", time.Since(t0).Round(time.Second))
	}

	// The upstream: a real HTTP server on loopback, in this process.
	ul, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	up := &load.Upstream{}
	go http.Serve(ul, up)
	defer ul.Close()

	port, err := freePort()
	if err != nil {
		return err
	}
	// The queue route's application: a free port, nothing listening yet.
	qport, err := freePort()
	if err != nil {
		return err
	}
	qaddr := fmt.Sprintf("127.0.0.1:%d", qport)
	qroute := ""
	if queueOn {
		qroute = queueRoute(filepath.Join(dir, "spool"), qaddr)
	}
	admin := "off"
	adminPort, err := freePort()
	if err != nil {
		return err
	}
	if profileOut != "" {
		admin = fmt.Sprintf("127.0.0.1:%d", adminPort)
	}
	cfg := fmt.Sprintf(`{
	default_bind 127.0.0.1
	admin `+admin+`
	persist_config off
	auto_https off
}

http://127.0.0.1:%d {
	route /plain {
		reverse_proxy %s
	}
	route /hook {
		hookstile github {
			secret %s
			sign_key %s
			max_body 64KiB
			dedup 10m
			dedup_size %d
		}
		reverse_proxy %s
	}
	route /big {
		hookstile github {
			secret %s
			sign_key %s
		}
		reverse_proxy %s
	}
%s%s	respond 404
}
`, port, ul.Addr(), load.GitHubSecret, load.SigningKey, dedupSize, ul.Addr(), load.GitHubSecret, load.SigningKey, ul.Addr(), redisRoute(ul.Addr().String()), qroute)
	cfgPath := filepath.Join(dir, "Caddyfile")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		return err
	}
	cmd := exec.Command(bin, "run", "--config", cfgPath, "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
	var logs strings.Builder
	var logMu sync.Mutex
	cmd.Stdout = io.Discard
	cmd.Stderr = writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		if logs.Len() < 1<<16 {
			logs.Write(p)
		}
		return len(p), nil
	})
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	pid := cmd.Process.Pid
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := load.Client(conc)
	d := load.NewDelivery(load.Body(size))
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := client.Do(d.Request(base + "/hook"))
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
			logMu.Lock()
			defer logMu.Unlock()
			return fmt.Errorf("hookstile route answered %d\n%s", resp.StatusCode, logs.String())
		}
		if time.Now().After(deadline) {
			logMu.Lock()
			defer logMu.Unlock()
			return fmt.Errorf("caddy did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	rss0, _ := load.Mem(pid)
	fmt.Printf("caddy pid %d on %s, upstream %s, %d B bodies, %d connections, %d x %v per route, alternating\n",
		pid, base, ul.Addr(), size, conc, rounds, dur)

	ctx := context.Background()
	routes := []string{"plain", "hook"}
	res := map[string]*load.Result{"plain": {}, "hook": {}, "redis": {}}
	if storeURL != "" {
		routes = append(routes, "redis")
	}
	peak := map[string]int64{}
	// Warm-up: connections, JIT-free but caches and pools.
	for _, rt := range routes {
		rt := rt
		load.Run(ctx, client, conc, dur/4, 200, func() *http.Request { return d.Request(base + "/" + rt) })
	}
	for i := 0; i < rounds; i++ {
		for _, rt := range routes {
			rt := rt
			load.ResetPeak(pid)
			if i == 0 && rt == "hook" && profileOut != "" {
				go profile(adminPort, dur)
			}
			r := load.Run(ctx, client, conc, dur, 200, func() *http.Request { return d.Request(base + "/" + rt) })
			res[rt].Add(r)
			if _, p := load.Mem(pid); p > peak[rt] {
				peak[rt] = p
			}
		}
	}
	fmt.Println()
	fmt.Printf("%-15s %10s %8s %10s %10s %12s\n", "route", "req/s", "errors", "p50", "p99", "peak RSS")
	for _, rt := range routes {
		r := res[rt]
		name := map[string]string{"plain": "plain", "hook": "hookstile", "redis": "hookstile redis"}[rt]
		fmt.Printf("%-15s %10.0f %8d %10s %10s %12s\n", name, r.RPS(), r.Errors, load.Micros(r.Quantile(0.5)), load.Micros(r.Quantile(0.99)), load.MiB(peak[rt]))
	}
	p, h := res["plain"], res["hook"]
	fmt.Printf("\nCaddy ratio hookstile/plain: %.3f (goal >= 0.95); added p99: %d µs (goal < 100 µs); added p50: %d µs\n",
		h.RPS()/p.RPS(), (h.Quantile(0.99) - p.Quantile(0.99)).Microseconds(), (h.Quantile(0.5) - p.Quantile(0.5)).Microseconds())

	if r := res["redis"]; storeURL != "" {
		fmt.Printf("Caddy ratio hookstile redis/hookstile memory: %.3f; added p50: %d µs; added p99: %d µs\n",
			r.RPS()/h.RPS(), (r.Quantile(0.5) - h.Quantile(0.5)).Microseconds(), (r.Quantile(0.99) - h.Quantile(0.99)).Microseconds())
	}
	if queueOn {
		if err := queuePhase(ctx, client, conc, dur, base, qaddr, d, res["hook"]); err != nil {
			return err
		}
	}
	if flood <= 0 {
		return nil
	}
	return floodPhase(ctx, client, conc, flood, pid, base, d, up, dedupSize, rss0)
}

// redisRoute is the hookstile route on Redis (store), when -store is set.
func redisRoute(upstream string) string {
	if storeURL == "" {
		return ""
	}
	return fmt.Sprintf(`	route /redis {
		hookstile github {
			secret %s
			sign_key %s
			max_body 64KiB
			store %s
		}
		reverse_proxy %s
	}
`, load.GitHubSecret, load.SigningKey, storeURL, upstream)
}

// floodPhase sends unique delivery ids past the dedup bound and oversize
// bodies (declared and chunked), and shows what memory did.
func floodPhase(ctx context.Context, client *http.Client, conc int, flood time.Duration, pid int, base string, d *load.Delivery, up *load.Upstream, dedupSize int, rss0 int64) error {
	fmt.Printf("\nmemory: RSS after start-up %s\n", load.MiB(rss0))
	rssA, _ := load.Mem(pid)
	load.ResetPeak(pid)
	first := "flood-first"
	if err := expect(client, d.RequestID(base+"/hook", first), 200); err != nil {
		return err
	}
	r := load.Run(ctx, client, conc, flood, 200, func() *http.Request { return d.Request(base + "/hook") })
	rssB, peakB := load.Mem(pid)
	fmt.Printf("unique-id flood: %d deliveries in %v (%d errors); RSS %s -> %s, peak %s\n",
		r.Requests, flood, r.Errors, load.MiB(rssA), load.MiB(rssB), load.MiB(peakB))
	last := "flood-last"
	if err := expect(client, d.RequestID(base+"/hook", last), 200); err != nil {
		return err
	}
	hits := up.Hits.Load()
	expect(client, d.RequestID(base+"/hook", last), 200)
	dupForwarded := up.Hits.Load() - hits
	hits = up.Hits.Load()
	expect(client, d.RequestID(base+"/hook", first), 200)
	firstForwarded := up.Hits.Load() - hits
	fmt.Printf("dedup bound %d: the newest id again was %s; the first id again (%d ids later) was %s\n",
		dedupSize, map[bool]string{true: "forwarded (BOUND BROKEN?)", false: "acknowledged as a duplicate"}[dupForwarded > 0],
		r.Requests+1, map[bool]string{true: "forwarded again (evicted: the store holds at most dedup_size ids)", false: "still remembered"}[firstForwarded > 0])

	// Oversize bodies: 8 MiB each against max_body 64KiB, half with a
	// declared length, half chunked (length unknown until read).
	load.ResetPeak(pid)
	var sent, rejected int64
	var mu sync.Mutex
	ctx2, cancel := context.WithTimeout(ctx, flood)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		w := w
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := load.Client(1)
			for ctx2.Err() == nil {
				req := d.Request(base + "/hook")
				const big = 8 << 20
				req.Body = io.NopCloser(io.LimitReader(load.Zeros{}, big))
				if w%2 == 0 {
					req.ContentLength = big
				} else {
					req.ContentLength = -1
				}
				resp, err := c.Do(req)
				mu.Lock()
				sent++
				if err == nil && resp.StatusCode == http.StatusRequestEntityTooLarge {
					rejected++
				}
				mu.Unlock()
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
	rssC, peakC := load.Mem(pid)
	fmt.Printf("oversize flood: %d bodies of 8 MiB (max_body 64 KiB), %d answered 413, the rest cut off; RSS %s -> %s, peak %s\n",
		sent, rejected, load.MiB(rssB), load.MiB(rssC), load.MiB(peakC))

	// Idle connections: each declares a 1 MiB body (allowed: the /big route
	// has the default max_body 1 MiB) and sends a few bytes of it.
	load.ResetPeak(pid)
	opened, closeAll := load.IdleFlood(strings.TrimPrefix(base, "http://"), "/big", idleConns, 1<<20)
	time.Sleep(2 * time.Second)
	rssD, peakD := load.Mem(pid)
	closeAll()
	time.Sleep(500 * time.Millisecond)
	rssE, _ := load.Mem(pid)
	fmt.Printf("idle flood: %d connections declaring 1 MiB bodies (max_body 1 MiB), idle 2 s: RSS %s -> %s (peak %s, %.0f KiB per connection); closed: %s\n",
		opened, load.MiB(rssC), load.MiB(rssD), load.MiB(peakD), float64(peakD-rssC)/float64(max(opened, 1)), load.MiB(rssE))
	return nil
}

// idleConns is how many idle connections the last flood opens.
const idleConns = 1000

func expect(c *http.Client, req *http.Request, status int) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != status {
		return fmt.Errorf("%s %s: status %d, want %d", req.Method, req.URL, resp.StatusCode, status)
	}
	return nil
}

// profile saves a CPU profile of Caddy from its admin API.
func profile(port int, d time.Duration) {
	secs := int(d.Seconds())
	if secs < 1 {
		secs = 1
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/debug/pprof/profile?seconds=%d", port, secs))
	if err != nil {
		log.Print(err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	os.WriteFile(profileOut, b, 0o644)
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
