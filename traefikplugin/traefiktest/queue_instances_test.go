package traefiktest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/hookstile/hookstile/internal/redistest"
	"github.com/hookstile/hookstile/queue"
)

// TestRedisQueueSurvivesItsInstance: a Caddy instance in queue mode on Redis
// (examples/redis/queue.Caddyfile) answers 2xx for events it stored in
// Redis while the application is down, and is killed with SIGKILL; a
// Traefik instance on the same Redis (examples/redis/queue.yml) delivers
// every one of them exactly once when the application is back. Copies sent
// to either instance are acknowledged, never queued twice.
func TestRedisQueueSurvivesItsInstance(t *testing.T) {
	root := repoRoot(t)
	bin := buildCaddy(t, root)
	redis := redistest.Start(t, []string{"--requirepass", redisPassword, "--appendonly", "yes", "--appendfsync", "always"})
	setSecrets(t)
	redisURL := "redis://:" + redisPassword + "@" + redis.Addr + "/0"
	t.Setenv("REDIS_PASSWORD", redisPassword)
	t.Setenv("REDIS_URL", redisURL)

	up := newIDUpstream(t)
	up.setDown(true)
	upAddr := strings.TrimPrefix(up.srv.URL, "http://")
	caddy := startCaddyConfig(t, bin, root, "queue.Caddyfile", redis.Addr, upAddr)

	wh, err := standardwebhooks.NewWebhook(providerSecrets["SW_PROVIDER_SECRET"])
	if err != nil {
		t.Fatal(err)
	}
	sw := swSigner{wh: wh}
	body := func(id string) string { return `{"type":"invoice.paid","data":{"id":"` + id + `"}}` }
	const n = 30
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "msg_queued_" + strconv.Itoa(i)
		if st := post(sw.request(t, caddy.url, ids[i], time.Now(), body(ids[i]))); st/100 != 2 {
			t.Fatalf("%s to Caddy in queue mode: %d\n%s", ids[i], st, caddy.stderr.String())
		}
	}
	// A copy, re-signed: acknowledged, not queued again.
	if st := post(sw.request(t, caddy.url, ids[0], time.Now().Add(time.Second), body(ids[0]))); st/100 != 2 {
		t.Errorf("copy to Caddy: %d", st)
	}

	caddy.cmd.Process.Kill() // SIGKILL: no chance to hand anything over
	caddy.cmd.Process.Wait()

	qb, err := queue.Open(redisURL+"?queue=standard_webhooks", queue.SpoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer qb.Close()
	if st, err := qb.Stats(time.Now()); err != nil || st.Pending+st.InFlight != n {
		t.Fatalf("queue after Caddy was killed: %+v %v, want the %d events it acknowledged", st, err, n)
	}

	// The Traefik instance, on the same Redis.
	tr := startTraefik(t, root)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cfg := readDynamic(t, filepath.Join(root, "examples", "redis", "queue.yml"))
	qc := cfg.HTTP.Middlewares["acme-queue"].Plugin[pluginKey]["queue"].(map[string]any)
	qc["to"] = up.srv.URL + acmePath
	mux := http.NewServeMux()
	tr.routes(t, cfg, ctx, (&upstream{srv: up.srv}).proxy(t), mux)
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)
	for _, id := range ids[:5] {
		if st := post(sw.request(t, front.URL+acmePath, id, time.Now().Add(2*time.Second), body(id))); st/100 != 2 {
			t.Errorf("copy of %s to Traefik: %d", id, st)
		}
	}

	up.setDown(false)
	deadline := time.Now().Add(30 * time.Second)
	for {
		done := 0
		for _, id := range ids {
			if up.count(id) > 0 {
				done++
			}
		}
		if done == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d queued events delivered after 30s\n%s", done, n, tr.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a second delivery would show now
	for _, id := range ids {
		if c := up.count(id); c != 1 {
			t.Errorf("%s delivered %d times, want once", id, c)
		}
	}
	if up.total() != n {
		t.Errorf("%d deliveries, want %d", up.total(), n)
	}
	if st, err := qb.Stats(time.Now()); err != nil || st.Pending+st.InFlight+st.Dead != 0 {
		t.Errorf("queue after delivery: %+v %v", st, err)
	}
	if strings.Contains(tr.logs.String(), redisPassword) || strings.Contains(caddy.stderr.String(), redisPassword) {
		t.Error("a log shows the Redis password")
	}
	if len(up.errs) > 0 {
		t.Errorf("upstream refused deliveries: %v", up.errs)
	}
}
