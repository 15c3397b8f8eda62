package queue

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// counter is an Observer that counts outcomes.
type counter struct {
	mu  sync.Mutex
	out map[string]int
	st  Stats
}

func (c *counter) Attempted(rec *Record, outcome string, status int, err error) {
	c.mu.Lock()
	if c.out == nil {
		c.out = map[string]int{}
	}
	c.out[outcome]++
	c.mu.Unlock()
}

func (c *counter) Counted(st Stats) {
	c.mu.Lock()
	c.st = st
	c.mu.Unlock()
}

func (c *counter) get(outcome string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out[outcome]
}

func fastOptions() Options {
	return Options{BackoffMin: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond, Timeout: 2 * time.Second, Poll: 50 * time.Millisecond, Concurrency: 4, Grace: 200 * time.Millisecond}
}

func startEngine(t *testing.T, b Backend, to string, log Logger, obs Observer, o Options) *Engine {
	t.Helper()
	d, err := NewHTTPDeliverer(to)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngine(b, d, testSigner{}, log, obs, "test", o)
	if err != nil {
		t.Fatal(err)
	}
	e.Start()
	t.Cleanup(e.Stop)
	return e
}

func TestBackoff(t *testing.T) {
	min, max := time.Second, 10*time.Minute
	for n := 1; n < 30; n++ {
		for _, u := range []float64{0, 0.5, 0.999} {
			d := Backoff(min, max, n, u)
			if d < min || d > max {
				t.Errorf("Backoff(n=%d, u=%v) = %v, outside [%v, %v]", n, u, d, min, max)
			}
		}
	}
	if d := Backoff(min, max, 4, 0.5); d != 8*time.Second {
		t.Errorf("Backoff(4) = %v, want 8s", d)
	}
	if d := parseRetryAfter("120", time.Now()); d != 2*time.Minute {
		t.Errorf("Retry-After 120 = %v", d)
	}
	now := time.Now()
	if d := parseRetryAfter(now.Add(time.Hour).UTC().Format(http.TimeFormat), now); d < 59*time.Minute || d > time.Hour {
		t.Errorf("Retry-After date = %v", d)
	}
}

// TestEngineDeliversResigned: every attempt carries the same webhook-id and
// a fresh, valid signature; an upstream that is down, then failing, then up
// gets every event once it is up.
func TestEngineDeliversResigned(t *testing.T) {
	up := newUpstream(t)
	up.down()
	s := openSpool(t, t.TempDir(), nil)
	obs := &counter{}
	o := fastOptions()
	o.BackoffMin = 300 * time.Millisecond
	o.BackoffMax = 600 * time.Millisecond
	e := startEngine(t, s, up.url(), nil, obs, o)
	const n = 10
	for i := 0; i < n; i++ {
		if err := e.Add([]*Record{rec("evt_"+strconv.Itoa(i), "", `{"i":`+strconv.Itoa(i)+`}`)}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 5*time.Second, "attempts against the down upstream", func() bool { return obs.get(OutcomeRetry) >= n })
	up.up()
	up.set(http.StatusServiceUnavailable, 0, "")
	waitFor(t, 5*time.Second, "attempts against the failing upstream", func() bool { return len(up.arrivals()) >= n })
	up.set(http.StatusOK, 0, "")
	waitFor(t, 10*time.Second, "every event delivered", func() bool {
		st, _ := s.Stats(time.Now())
		return len(up.delivered()) == n && st.Pending+st.InFlight == 0
	})
	up.check(t)
	ts := map[string]map[string]bool{}
	for _, a := range up.arrivals() {
		if ts[a.id] == nil {
			ts[a.id] = map[string]bool{}
		}
		ts[a.id][a.ts] = true
	}
	for id, d := range up.delivered() {
		if d != 1 {
			t.Errorf("%s delivered %d times", id, d)
		}
	}
	st, _ := s.Stats(time.Now())
	if st.Pending+st.InFlight+st.Dead != 0 {
		t.Errorf("left in the queue: %+v", st)
	}
}

// TestEngineDeadLetters: a 4xx other than 408/429 is a dead letter at once;
// running out of attempts too. Both keep the last status and error.
func TestEngineDeadLetters(t *testing.T) {
	up := newUpstream(t)
	up.set(http.StatusUnprocessableEntity, 0, "")
	s := openSpool(t, t.TempDir(), nil)
	log := &memLog{}
	o := fastOptions()
	o.Attempts = 3
	e := startEngine(t, s, up.url(), log, nil, o)
	e.Add([]*Record{rec("rejected", "", "{}")})
	waitFor(t, 5*time.Second, "a dead letter", func() bool { st, _ := s.Stats(time.Now()); return st.Dead == 1 })
	if n := len(up.arrivals()); n != 1 {
		t.Errorf("422 was tried %d times", n)
	}
	up.set(http.StatusTooManyRequests, 0, "")
	e.Add([]*Record{rec("throttled", "", "{}")})
	waitFor(t, 5*time.Second, "a second dead letter", func() bool { return log.count("dead letter") == 2 })
	ents, _ := s.List(time.Now())
	got := map[string]*Record{}
	for _, en := range ents {
		got[en.Record.ID] = en.Record
	}
	if r := got["rejected"]; r == nil || r.LastStatus != 422 || r.Attempts != 1 {
		t.Errorf("rejected: %+v", r)
	}
	if r := got["throttled"]; r == nil || r.LastStatus != 429 || r.Attempts != 3 || !strings.Contains(r.LastError, "after 3 attempts") {
		t.Errorf("throttled: %+v", r)
	}
	if log.count("dead letter") != 2 {
		t.Errorf("log:\n%s", log)
	}
	// A replayed dead letter is picked up by the running engine, same id.
	up.set(http.StatusOK, 0, "")
	if _, err := s.Replay([]string{"rejected"}, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the replayed event", func() bool { return up.delivered()["rejected"] == 1 })
}

// TestEngineRetryAfter: a Retry-After answer holds the event at least that long.
func TestEngineRetryAfter(t *testing.T) {
	up := newUpstream(t)
	up.set(http.StatusServiceUnavailable, 0, "1")
	s := openSpool(t, t.TempDir(), nil)
	e := startEngine(t, s, up.url(), nil, nil, fastOptions())
	e.Add([]*Record{rec("ra", "", "{}")})
	waitFor(t, 5*time.Second, "a first attempt", func() bool { return len(up.arrivals()) == 1 })
	up.set(http.StatusOK, 0, "")
	waitFor(t, 5*time.Second, "the second attempt", func() bool { return len(up.arrivals()) == 2 })
	a := up.arrivals()
	if gap := a[1].at.Sub(a[0].at); gap < 900*time.Millisecond {
		t.Errorf("retried after %v despite Retry-After: 1", gap)
	}
	if a[0].ts == "" || a[0].id != a[1].id {
		t.Errorf("attempts %+v", a)
	}
}

// TestEngineTimeout: a slow upstream is cut at the attempt timeout and retried.
func TestEngineTimeout(t *testing.T) {
	up := newUpstream(t)
	up.set(http.StatusOK, 700*time.Millisecond, "")
	s := openSpool(t, t.TempDir(), nil)
	obs := &counter{}
	o := fastOptions()
	o.Timeout = 200 * time.Millisecond
	e := startEngine(t, s, up.url(), nil, obs, o)
	e.Add([]*Record{rec("slow", "", "{}")})
	waitFor(t, 5*time.Second, "a timed-out attempt", func() bool { return obs.get(OutcomeRetry) >= 1 })
	up.set(http.StatusOK, 0, "")
	waitFor(t, 5*time.Second, "delivery", func() bool { return obs.get(OutcomeDelivered) == 1 })
	time.Sleep(10 * time.Millisecond)
	ents, _ := s.List(time.Now())
	if len(ents) != 0 {
		t.Errorf("left: %+v", ents)
	}
}

// TestEngineStopReleases: Stop during a slow attempt gives the event back;
// a new engine on the same spool delivers it.
func TestEngineStopReleases(t *testing.T) {
	up := newUpstream(t)
	up.set(http.StatusOK, 1500*time.Millisecond, "")
	dir := t.TempDir()
	s := openSpool(t, dir, nil)
	obs := &counter{}
	d, _ := NewHTTPDeliverer(up.url())
	o := fastOptions()
	e, _ := NewEngine(s, d, testSigner{}, nil, obs, "old", o)
	e.Start()
	e.Add([]*Record{rec("held", "", "{}")})
	waitFor(t, 5*time.Second, "the attempt to start", func() bool {
		up.mu.Lock()
		defer up.mu.Unlock()
		return up.inflAll == 1
	})
	start := time.Now()
	e.Stop()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Stop took %v", d)
	}
	if obs.get(OutcomeReleased) != 1 {
		t.Errorf("outcomes %v", obs.out)
	}
	st, _ := s.Stats(time.Now())
	if st.Pending != 1 {
		t.Fatalf("after Stop: %+v", st)
	}
	up.set(http.StatusOK, 0, "")
	startEngine(t, openSpool(t, dir, nil), up.url(), nil, nil, o)
	waitFor(t, 5*time.Second, "delivery by the new engine", func() bool { return up.delivered()["held"] >= 1 })
}

// TestEngineTwoOnOneSpool: two engines on one directory (a reload) deliver
// every event, none in flight twice at once.
func TestEngineTwoOnOneSpool(t *testing.T) {
	up := newUpstream(t)
	up.set(http.StatusOK, 20*time.Millisecond, "")
	dir := t.TempDir()
	a := startEngine(t, openSpool(t, dir, nil), up.url(), nil, nil, fastOptions())
	b := startEngine(t, openSpool(t, dir, nil), up.url(), nil, nil, fastOptions())
	const n = 40
	for i := 0; i < n; i++ {
		e := a
		if i%2 == 1 {
			e = b
		}
		if err := e.Add([]*Record{rec("two_"+strconv.Itoa(i), "", "{}")}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 10*time.Second, "every event", func() bool { return len(up.delivered()) == n })
	up.check(t)
	for id, k := range up.delivered() {
		if k != 1 {
			t.Errorf("%s delivered %d times", id, k)
		}
	}
}

// TestEngineCoalescing: with a slow upstream, per_subject 1 and coalesce on,
// an account never has two deliveries in flight, and the last change of every
// account is delivered after every earlier one.
func TestEngineCoalescing(t *testing.T) {
	up := newUpstream(t)
	up.set(http.StatusOK, 80*time.Millisecond, "")
	s := openSpool(t, t.TempDir(), nil)
	o := fastOptions()
	o.PerSubject = 1
	o.Coalesce = true
	o.Concurrency = 8
	e := startEngine(t, s, up.url(), nil, nil, o)
	accounts := []string{"dbid:A", "dbid:B", "dbid:C"}
	const rounds = 15
	last := map[string]string{}
	for i := 0; i < rounds; i++ {
		for _, acct := range accounts {
			id := "n_" + strings.TrimPrefix(acct, "dbid:") + "_" + strconv.Itoa(i)
			if err := e.Add([]*Record{rec(id, acct, `{"change":`+strconv.Itoa(i)+`}`)}); err != nil {
				t.Fatal(err)
			}
			last[acct] = `{"change":` + strconv.Itoa(i) + `}`
		}
		time.Sleep(15 * time.Millisecond)
	}
	waitFor(t, 10*time.Second, "the last change of every account", func() bool {
		got := map[string]string{}
		for _, a := range up.arrivals() {
			got[a.subject] = a.body
		}
		for _, acct := range accounts {
			if got[acct] != last[acct] {
				return false
			}
		}
		st, _ := s.Stats(time.Now())
		return st.Pending+st.InFlight == 0
	})
	up.check(t)
	up.mu.Lock()
	maxSubj := up.maxSubj
	up.mu.Unlock()
	if maxSubj != 1 {
		t.Errorf("an account had %d deliveries in flight at once", maxSubj)
	}
	n := len(up.arrivals())
	if n >= rounds*len(accounts) {
		t.Errorf("%d deliveries for %d notifications: nothing was coalesced", n, rounds*len(accounts))
	}
	t.Logf("%d notifications delivered as %d events", rounds*len(accounts), n)
}

// TestEngineStoreFailureLoggedOnce: a storage outage is one log line, and
// every Add during it fails.
func TestEngineStoreFailureLoggedOnce(t *testing.T) {
	dir := t.TempDir()
	s := openSpool(t, dir, nil)
	log := &memLog{}
	e := startEngine(t, s, "http://127.0.0.1:9/", log, nil, fastOptions())
	breakSpool(t, dir)
	for i := 0; i < 5; i++ {
		if err := e.Add([]*Record{rec("x", "", "{}")}); err == nil {
			t.Fatal("Add succeeded on a broken spool")
		}
	}
	if n := log.count("cannot store"); n != 1 {
		t.Errorf("%d log lines for one outage:\n%s", n, log)
	}
}
