package traefiktest

// Many gateway instances on one Redis: two Caddy processes (the binary
// examples/caddy builds) and two Traefik plugin instances (each interpreted
// by its own Yaegi through Traefik's loader, as two Traefik processes would)
// share one real redis-server through `store`. A delivery accepted by one is
// a duplicate on every other; Redis going away is 503 everywhere, never a
// 2xx for a delivery nobody checked, and everything recovers by itself.

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/hookstile/hookstile/internal/redistest"
)

const redisPassword = "fake-redis-password-for-tests"

// idUpstream is the application behind all four gateways: it verifies the
// re-signed delivery and counts arrivals per webhook-id.
type idUpstream struct {
	srv  *httptest.Server
	mu   sync.Mutex
	byID map[string]int
	errs []string
	down bool
}

func newIDUpstream(t *testing.T) *idUpstream {
	wh, err := standardwebhooks.NewWebhook(signingKey)
	if err != nil {
		t.Fatal(err)
	}
	u := &idUpstream{byID: map[string]int{}}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := wh.Verify(body, r.Header); err != nil {
			u.mu.Lock()
			u.errs = append(u.errs, fmt.Sprintf("re-signed delivery does not verify: %v", err))
			u.mu.Unlock()
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if u.isDown() {
			http.Error(w, "down for a deploy", http.StatusServiceUnavailable)
			return
		}
		u.mu.Lock()
		u.byID[r.Header.Get("Webhook-Id")]++
		u.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(u.srv.Close)
	return u
}

func (u *idUpstream) isDown() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.down
}

// setDown makes the application answer 503 (and count nothing) or take
// deliveries again.
func (u *idUpstream) setDown(down bool) {
	u.mu.Lock()
	u.down = down
	u.mu.Unlock()
}

func (u *idUpstream) count(id string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.byID[id]
}

func (u *idUpstream) total() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	n := 0
	for _, c := range u.byID {
		n += c
	}
	return n
}

// swSigner signs deliveries as a Standard Webhooks provider does.
type swSigner struct{ wh *standardwebhooks.Webhook }

func (s swSigner) request(t *testing.T, url, id string, at time.Time, body string) *http.Request {
	sig, err := s.wh.Sign(id, at, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Webhook-Id", id)
	req.Header.Set("Webhook-Timestamp", strconv.FormatInt(at.Unix(), 10))
	req.Header.Set("Webhook-Signature", sig)
	return req
}

var gatewayClient = &http.Client{
	Timeout:   15 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64},
}

// post sends req and returns the status (0 when the request itself failed).
func post(req *http.Request) int {
	resp, err := gatewayClient.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// caddyInstance is one Caddy process with the hookstile module.
type caddyInstance struct {
	cmd    *exec.Cmd
	url    string // the hookstile route
	admin  string // the admin endpoint (metrics)
	stderr *syncBuffer
}

var (
	caddyOnce sync.Once
	caddyBin  string
	caddyErr  error
)

// buildCaddy builds examples/caddy (Caddy with the module) once per run.
func buildCaddy(t *testing.T, root string) string {
	caddyOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hookstile-instances-")
		if err != nil {
			caddyErr = err
			return
		}
		bin := filepath.Join(dir, "caddy")
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./examples/caddy")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			caddyErr = fmt.Errorf("go build ./examples/caddy: %v\n%s", err, out)
			return
		}
		caddyBin = bin
	})
	if caddyErr != nil {
		t.Fatalf("BUILD FAILED: %v", caddyErr)
	}
	return caddyBin
}

// startCaddyInstance runs examples/redis/Caddyfile (the README's).
func startCaddyInstance(t *testing.T, bin, root, redisAddr, upstream string) *caddyInstance {
	return startCaddyConfig(t, bin, root, "Caddyfile", redisAddr, upstream)
}

// startCaddyConfig runs examples/redis/<config>.
func startCaddyConfig(t *testing.T, bin, root, config, redisAddr, upstream string) *caddyInstance {
	dir := t.TempDir()
	cfg := filepath.Join(root, "examples", "redis", config)
	port, admin := redistest.FreePort(t), redistest.FreePort(t)
	cmd := exec.Command(bin, "run", "--config", cfg, "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir,
		"HOOKSTILE_PORT="+strconv.Itoa(port), "ADMIN_PORT="+strconv.Itoa(admin),
		"REDIS_ADDR="+redisAddr, "HOOKSTILE_UPSTREAM="+upstream)
	c := &caddyInstance{
		cmd:    cmd,
		url:    "http://127.0.0.1:" + strconv.Itoa(port) + acmePath,
		admin:  "http://127.0.0.1:" + strconv.Itoa(admin),
		stderr: &syncBuffer{},
	}
	cmd.Stdout, cmd.Stderr = c.stderr, c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	exited := false
	waited := make(chan struct{})
	go func() {
		cmd.Wait()
		mu.Lock()
		exited = true
		mu.Unlock()
		close(waited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-waited
		if t.Failed() {
			t.Logf("caddy %d stderr:\n%s", port, c.stderr.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		gone := exited
		mu.Unlock()
		if gone {
			t.Fatalf("caddy exited at start:\n%s", c.stderr.String())
		}
		if conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 200*time.Millisecond); err == nil {
			conn.Close()
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("caddy did not listen within 30s:\n%s", c.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// storeErrors reads caddy_hookstile_store_errors_total from the admin endpoint.
func (c *caddyInstance) storeErrors(t *testing.T) float64 {
	resp, err := gatewayClient.Get(c.admin + "/metrics")
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	total := 0.0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "caddy_hookstile_store_errors_total{") {
			f := strings.Fields(line)
			v, _ := strconv.ParseFloat(f[len(f)-1], 64)
			total += v
		}
	}
	return total
}

// startTraefikInstance builds the middleware of examples/redis/dynamic.yml
// (the README's) with its own Traefik loader (its own Yaegi interpreter: its
// own package state and Redis pool, as another Traefik process), served on
// loopback in front of a reverse proxy to the upstream.
func startTraefikInstance(t *testing.T, root string, up *idUpstream) (string, *traefik) {
	tr := startTraefik(t, root)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cfg := readDynamic(t, filepath.Join(root, "examples", "redis", "dynamic.yml"))
	mux := http.NewServeMux()
	tr.routes(t, cfg, ctx, (&upstream{srv: up.srv}).proxy(t), mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + acmePath, tr
}

const acmePath = "/hooks/acme"

func TestInstancesShareRedis(t *testing.T) {
	root := repoRoot(t)
	bin := buildCaddy(t, root)
	// AOF with appendfsync always: what the README asks of a production
	// Redis, so that what was acknowledged survives a Redis crash.
	redis := redistest.Start(t, []string{"--requirepass", redisPassword, "--appendonly", "yes", "--appendfsync", "always"})
	setSecrets(t)
	t.Setenv("REDIS_PASSWORD", redisPassword)
	t.Setenv("REDIS_URL", "redis://:"+redisPassword+"@"+redis.Addr+"/0")

	up := newIDUpstream(t)
	upAddr := strings.TrimPrefix(up.srv.URL, "http://")
	caddyA := startCaddyInstance(t, bin, root, redis.Addr, upAddr)
	caddyB := startCaddyInstance(t, bin, root, redis.Addr, upAddr)
	traefikA, trA := startTraefikInstance(t, root, up)
	traefikB, trB := startTraefikInstance(t, root, up)
	gateways := []string{caddyA.url, traefikA, caddyB.url, traefikB}
	names := []string{"caddy A", "traefik A", "caddy B", "traefik B"}

	wh, err := standardwebhooks.NewWebhook(providerSecrets["SW_PROVIDER_SECRET"])
	if err != nil {
		t.Fatal(err)
	}
	sw := swSigner{wh: wh}
	body := func(id string) string { return `{"type":"invoice.paid","data":{"id":"` + id + `"}}` }

	t.Run("OneThenOther", func(t *testing.T) {
		for i := range gateways {
			first, second := i, (i+1)%len(gateways)
			id := "msg_once_" + strconv.Itoa(i)
			now := time.Now()
			if st := post(sw.request(t, gateways[first], id, now, body(id))); st != http.StatusNoContent {
				t.Fatalf("%s: first copy: %d", names[first], st)
			}
			// The provider's retry: re-signed a little later, same id.
			if st := post(sw.request(t, gateways[second], id, now.Add(3*time.Second), body(id))); st/100 != 2 {
				t.Errorf("%s: copy of what %s delivered: %d, want the success answer", names[second], names[first], st)
			}
			if n := up.count(id); n != 1 {
				t.Errorf("%s then %s: forwarded %d times, want once", names[first], names[second], n)
			}
		}
	})

	t.Run("Spray", func(t *testing.T) {
		const ids, copies = 25, 16
		type job struct {
			id  string
			gw  int
			req *http.Request
		}
		var jobs []job
		now := time.Now()
		for i := 0; i < ids; i++ {
			id := "msg_spray_" + strconv.Itoa(i)
			for j := 0; j < copies; j++ {
				at := now
				if j%2 == 1 {
					at = now.Add(time.Duration(j) * time.Second) // a re-signed retry
				}
				g := (i + j) % len(gateways)
				jobs = append(jobs, job{id: id, gw: g, req: sw.request(t, gateways[g], id, at, body(id))})
			}
		}
		statuses := make([]int, len(jobs))
		var wg sync.WaitGroup
		next := make(chan int, len(jobs))
		for k := range jobs {
			next <- k
		}
		close(next)
		for w := 0; w < 32; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range next {
					statuses[k] = post(jobs[k].req)
				}
			}()
		}
		wg.Wait()
		perStatus := map[int]int{}
		for k, st := range statuses {
			perStatus[st]++
			if st/100 != 2 && st != http.StatusConflict {
				t.Errorf("%s via %s: %d (want 2xx, or 409 while another copy is forwarded)", jobs[k].id, names[jobs[k].gw], st)
			}
		}
		t.Logf("%d copies of %d deliveries over 4 gateways: answers %v", len(jobs), ids, perStatus)
		for i := 0; i < ids; i++ {
			id := "msg_spray_" + strconv.Itoa(i)
			if n := up.count(id); n != 1 {
				t.Errorf("%s: forwarded %d times, want exactly once", id, n)
			}
			// Afterwards every gateway acknowledges it without forwarding.
			for g := range gateways {
				if st := post(sw.request(t, gateways[g], id, time.Now(), body(id))); st/100 != 2 {
					t.Errorf("%s later via %s: %d", id, names[g], st)
				}
			}
			if n := up.count(id); n != 1 {
				t.Errorf("%s: forwarded %d times after late copies, want once", id, n)
			}
		}
	})

	t.Run("RedisStoppedMidRun", func(t *testing.T) {
		type result struct {
			id           string
			gw, status   int
			start, end   time.Time
			secondStatus int
		}
		var mu sync.Mutex
		var results []result
		var downFrom, downTo time.Time
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < 8; w++ {
			w := w
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; ; n++ {
					select {
					case <-stop:
						return
					default:
					}
					id := "msg_outage_" + strconv.Itoa(w) + "_" + strconv.Itoa(n)
					g := (w + n) % len(gateways)
					r := result{id: id, gw: g, start: time.Now()}
					r.status = post(sw.request(t, gateways[g], id, time.Now(), body(id)))
					// A copy at once through another gateway.
					r.secondStatus = post(sw.request(t, gateways[(g+1)%len(gateways)], id, time.Now(), body(id)))
					r.end = time.Now()
					mu.Lock()
					results = append(results, r)
					mu.Unlock()
					time.Sleep(10 * time.Millisecond)
				}
			}()
		}
		time.Sleep(700 * time.Millisecond)
		before := [2]float64{caddyA.storeErrors(t), caddyB.storeErrors(t)}
		redis.Stop()
		mu.Lock()
		downFrom = time.Now()
		mu.Unlock()
		time.Sleep(1500 * time.Millisecond)
		mu.Lock()
		downTo = time.Now()
		mu.Unlock()
		redis.Restart(t)
		time.Sleep(1500 * time.Millisecond)
		close(stop)
		wg.Wait()

		down, afterOK := 0, 0
		for _, r := range results {
			for _, st := range []int{r.status, r.secondStatus} {
				if st/100 != 2 && st != http.StatusConflict && st != http.StatusServiceUnavailable {
					t.Errorf("%s via %s: %d (want 2xx, 409 or 503)", r.id, names[r.gw], st)
				}
			}
			n := up.count(r.id)
			if n > 1 {
				t.Errorf("%s: forwarded %d times", r.id, n)
			}
			if (r.status/100 == 2 || r.secondStatus/100 == 2) && n != 1 {
				t.Errorf("%s: answered 2xx but forwarded %d times: an unchecked delivery was acknowledged", r.id, n)
			}
			if r.start.After(downFrom) && r.end.Before(downTo) {
				down++
				if r.status != http.StatusServiceUnavailable || r.secondStatus != http.StatusServiceUnavailable || n != 0 {
					t.Errorf("%s via %s while Redis was down: %d then %d, forwarded %d times; want 503, 503, 0",
						r.id, names[r.gw], r.status, r.secondStatus, n)
				}
			}
			if r.start.After(downTo.Add(700 * time.Millisecond)) {
				if r.status/100 == 2 && r.secondStatus/100 == 2 && n == 1 {
					afterOK++
				} else if r.secondStatus != http.StatusConflict || r.status/100 != 2 {
					t.Errorf("%s via %s after Redis came back: %d then %d, forwarded %d times", r.id, names[r.gw], r.status, r.secondStatus, n)
				}
			}
		}
		t.Logf("%d deliveries during the run: %d while Redis was down, %d delivered once after it came back", len(results), down, afterOK)
		if down == 0 || afterOK == 0 {
			t.Fatalf("the run did not cover the outage (%d down) and the recovery (%d after)", down, afterOK)
		}
		// The provider's retry of what was refused goes through once, and
		// a copy of what was delivered is still known after Redis's crash
		// (AOF): nothing is forwarded twice.
		for _, r := range results {
			st := post(sw.request(t, gateways[(r.gw+2)%len(gateways)], r.id, time.Now(), body(r.id)))
			n := up.count(r.id)
			if n != 1 && st/100 == 2 {
				t.Errorf("%s: retry answered %d, forwarded %d times", r.id, st, n)
			}
			if st/100 != 2 && st != http.StatusConflict {
				t.Errorf("%s: retry after recovery: %d", r.id, st)
			}
		}
		after := [2]float64{caddyA.storeErrors(t), caddyB.storeErrors(t)}
		if after[0] <= before[0] || after[1] <= before[1] {
			t.Errorf("caddy_hookstile_store_errors_total did not grow: %v -> %v", before, after)
		}
		logs := map[string]string{
			"caddy A": caddyA.stderr.String(), "caddy B": caddyB.stderr.String(),
			"traefik A": trA.logs.String(), "traefik B": trB.logs.String(),
		}
		for name, l := range logs {
			if !strings.Contains(l, "store_unavailable") {
				t.Errorf("%s logged no store_unavailable line", name)
			}
			if strings.Contains(l, redisPassword) {
				t.Errorf("%s logged the Redis password", name)
			}
		}
	})
	if t.Failed() {
		t.Logf("upstream: %d deliveries; errors: %v", up.total(), up.errs)
	}
	if len(up.errs) > 0 {
		t.Errorf("upstream refused deliveries: %v", up.errs)
	}
}
