package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/hookstile/hookstile/bench/load"
)

// queueRoute is a hookstile route in queue mode, delivering to addr (down
// until queuePhase brings it up). Short backoff, so the drain measures the
// queue rather than the backoff schedule.
func queueRoute(dir, addr string) string {
	return fmt.Sprintf(`	route /queue {
		hookstile github {
			secret %s
			sign_key %s
			max_body 64KiB
			queue %s {
				to http://%s/delivered
				backoff 50ms 500ms
				timeout 5s
				concurrency 16
			}
		}
	}
`, load.GitHubSecret, load.SigningKey, dir, addr)
}

// arrivals is the queue's application: it records when each webhook-id
// first arrived.
type arrivals struct {
	mu    sync.Mutex
	first map[string]time.Time
}

func (a *arrivals) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	id := r.Header.Get("Webhook-Id")
	a.mu.Lock()
	if _, ok := a.first[id]; !ok {
		a.first[id] = time.Now()
	}
	a.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (a *arrivals) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.first)
}

func (a *arrivals) at(id string) (time.Time, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t, ok := a.first[id]
	return t, ok
}

// queuePhase measures queue mode: how fast deliveries are accepted while the
// application is down (each answered 200 only once fsynced), how fast the
// backlog drains once it is up, and the accepted-to-delivered latency at a
// steady rate with the application up, next to the synchronous route's
// answer time (hook).
func queuePhase(ctx context.Context, client *http.Client, conc int, dur time.Duration, base, addr string, d *load.Delivery, hook *load.Result) error {
	fmt.Println()
	down := load.Run(ctx, client, conc, dur, 200, func() *http.Request { return d.Request(base + "/queue") })
	fmt.Printf("queue, application down: %.0f deliveries/s accepted (200 once fsynced), %d errors, p50 %s, p99 %s (sync route: %.0f/s, p50 %s)\n",
		down.RPS(), down.Errors, load.Micros(down.Quantile(0.5)), load.Micros(down.Quantile(0.99)),
		hook.RPS(), load.Micros(hook.Quantile(0.5)))

	app := &arrivals{first: map[string]time.Time{}}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("queue application: %v", err)
	}
	srv := &http.Server{Handler: app}
	go srv.Serve(l)
	defer srv.Close()
	start := time.Now()
	deadline := start.Add(2 * time.Minute)
	for app.count() < down.Requests {
		if time.Now().After(deadline) {
			return fmt.Errorf("queue: %d of %d accepted deliveries arrived in 2 minutes", app.count(), down.Requests)
		}
		time.Sleep(5 * time.Millisecond)
	}
	el := time.Since(start)
	fmt.Printf("queue, application back: backlog of %d drained in %v (%.0f deliveries/s, concurrency 16, retries' backoff up to 500ms)\n",
		down.Requests, el.Round(time.Millisecond), float64(down.Requests)/el.Seconds())

	// Steady state: a fixed rate well under capacity, each delivery's
	// accepted time (the 200 received) against its arrival.
	const rate, n = 200, 600
	accepted := make([]time.Time, n)
	answer := make([]time.Duration, n)
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / rate)
	for i := 0; i < n; i++ {
		<-tick.C
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			resp, err := client.Do(d.RequestID(base+"/queue", "lat-"+strconv.Itoa(i)))
			if err != nil {
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				accepted[i] = time.Now()
				answer[i] = accepted[i].Sub(t0)
			}
		}()
	}
	tick.Stop()
	wg.Wait()
	deadline = time.Now().Add(time.Minute)
	var lat, ans []time.Duration
	for i := 0; i < n; i++ {
		if accepted[i].IsZero() {
			continue
		}
		id := "lat-" + strconv.Itoa(i)
		for {
			if at, ok := app.at(id); ok {
				lat = append(lat, at.Sub(accepted[i]))
				ans = append(ans, answer[i])
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("queue: %s accepted but not delivered within a minute", id)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	q := func(ds []time.Duration, p float64) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		if len(ds) == 0 {
			return 0
		}
		return ds[int(p*float64(len(ds)-1))]
	}
	fmt.Printf("queue, application up, %d deliveries/s: provider answered p50 %s, p99 %s; accepted-to-delivered p50 %s, p99 %s (%d of %d accepted)\n",
		rate, load.Micros(q(ans, 0.5)), load.Micros(q(ans, 0.99)), load.Micros(q(lat, 0.5)), load.Micros(q(lat, 0.99)), len(lat), n)
	return nil
}
